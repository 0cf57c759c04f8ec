/*
 * mineralctl/record.h - a goods record to classify.
 *
 * A record is owned by the caller and may be reused: mctl_record_clear()
 * empties it without freeing its buffers. Setters copy their input. A record
 * keeps classification buffers between calls, so use one record from one
 * thread at a time (one record per thread, any number of threads per policy).
 */
#ifndef MINERALCTL_RECORD_H
#define MINERALCTL_RECORD_H

#include <mineralctl/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mctl_record mctl_record;

/** Text fields of a record. */
typedef enum mctl_field {
	MCTL_FIELD_ID = 0,           /**< caller's reference, echoed in reports */
	MCTL_FIELD_DESCRIPTION,      /**< goods description, any language */
	MCTL_FIELD_DESCRIPTION2,     /**< second description (e.g. local language) */
	MCTL_FIELD_CODE,             /**< commodity code, "8112.92.90.90", "811292" ... */
	MCTL_FIELD_ORIGIN,           /**< country of origin, ISO 3166-1 alpha-2 */
	MCTL_FIELD_FROM,             /**< export country, alpha-2 (default: jurisdiction) */
	MCTL_FIELD_TO,               /**< destination country, alpha-2 (controls limited to
	                                  destinations apply only when it is known) */
	MCTL_FIELD_DATE,             /**< date of the movement, YYYY-MM-DD (default: today, UTC) */
	MCTL_FIELD_CHANNEL,          /**< "customs" (default), "postal" or "platform" */
	MCTL_FIELD_END_USE,          /**< declared end use, free text; a control limited to an end use
	                                  ("military") applies when that word appears in it */
	MCTL_FIELD_UNIT,             /**< unit of the quantity ("kg") */
	MCTL_FIELD_CURRENCY,         /**< currency of the value ("USD") */
	MCTL_FIELD_COUNT_            /**< number of fields; not a field */
} mctl_field;

/** Stable lower-case name of a field ("description2"), NULL if out of range. */
MCTL_EXTERN const char *mctl_field_name(mctl_field f);

/** Creates an empty record. ctx may be NULL. */
MCTL_EXTERN int mctl_record_new(mctl_record **out, const mctl_context *ctx);
/** Frees a record. NULL is a no-op. */
MCTL_EXTERN void mctl_record_free(mctl_record *r);
/** Empties every field, keeping allocated buffers for reuse. */
MCTL_EXTERN void mctl_record_clear(mctl_record *r);
/**
 * Sets the largest text field mctl_record_set() accepts, in bytes (default
 * 1 MiB; 0 restores it). Longer values are refused with MCTL_ELIMIT.
 * Classification time and memory grow linearly with the field size.
 */
MCTL_EXTERN int mctl_record_set_max_field(mctl_record *r, size_t max);

/**
 * Sets a text field to the `len` bytes at `utf8` (len may be (size_t)-1
 * for a NUL-terminated string; utf8 NULL unsets the field). Text is copied as
 * is; invalid UTF-8 in descriptions is not an error here (classification
 * replaces it and raises a flag). Structured fields are checked and stored
 * in canonical form: countries (ISO 3166-1 alpha-2, any case), date
 * (YYYY-MM-DD, a real calendar day), channel (customs|postal|platform).
 * Returns MCTL_OK, MCTL_EINVAL (bad value; *err explains), MCTL_ELIMIT (over the field
 * limit, see mctl_record_set_max_field()) or MCTL_ENOMEM.
 * err may be NULL.
 */
MCTL_EXTERN int mctl_record_set(mctl_record *r, mctl_field f, const char *utf8, size_t len,
                                mctl_error **err);

/** Appends one country (alpha-2) to the route, in travel order. */
MCTL_EXTERN int mctl_record_add_route(mctl_record *r, const char *country, mctl_error **err);
/** Sets the quantity (>= 0, finite). The unit goes in MCTL_FIELD_UNIT. */
MCTL_EXTERN int mctl_record_set_quantity(mctl_record *r, double quantity);
/** Sets the value (>= 0, finite). The currency goes in MCTL_FIELD_CURRENCY. */
MCTL_EXTERN int mctl_record_set_value(mctl_record *r, double value);

/**
 * Adds a component of the goods (for rules on content made abroad, such as
 * China's 0.1 % rare-earth rule): the material (a mineral name of the
 * policy, e.g. "dysprosium"), its country of origin (alpha-2), and its share
 * of the goods' value and weight in percent (negative when unknown).
 * At most 32 components. Returns MCTL_OK, MCTL_EINVAL or MCTL_ELIMIT.
 */
MCTL_EXTERN int mctl_record_add_component(mctl_record *r, const char *material, const char *origin,
                                          double value_share, double weight_share, mctl_error **err);
/** Number of components added. */
MCTL_EXTERN size_t mctl_record_component_count(const mctl_record *r);

/**
 * Adds an extra classification code beside the commodity code of
 * MCTL_FIELD_CODE, which stays the one classification reads: `type` names the
 * code list ("TRA" TARIC additional code, "GN" national additional code, as
 * WCO declarations label them), `code` its value ("B999", "VATZ"). Both are
 * 1 to 31 printable ASCII characters without spaces; they are kept in the
 * order added, for reports. At most 16 per record.
 * Returns MCTL_OK, MCTL_EINVAL or MCTL_ELIMIT.
 */
MCTL_EXTERN int mctl_record_add_code(mctl_record *r, const char *type, const char *code, mctl_error **err);
/** Number of extra codes added. */
MCTL_EXTERN size_t mctl_record_code_count(const mctl_record *r);
/** Type of extra code i ("TRA"), or NULL. */
MCTL_EXTERN const char *mctl_record_code_type(const mctl_record *r, size_t i);
/** Value of extra code i ("B999"), or NULL. */
MCTL_EXTERN const char *mctl_record_code_value(const mctl_record *r, size_t i);

/** The field's current bytes and length, or NULL when unset. */
MCTL_EXTERN const char *mctl_record_get(const mctl_record *r, mctl_field f, size_t *len);
/** Number of route countries. */
MCTL_EXTERN size_t mctl_record_route_count(const mctl_record *r);
/** Route country i, or NULL. */
MCTL_EXTERN const char *mctl_record_route_at(const mctl_record *r, size_t i);
/** 1 and *out filled when the quantity is set, else 0. */
MCTL_EXTERN int mctl_record_get_quantity(const mctl_record *r, double *out);
/** 1 and *out filled when the value is set, else 0. */
MCTL_EXTERN int mctl_record_get_value(const mctl_record *r, double *out);

/*
 * Canonical form, for audit trails: a record's value as one line of JSON
 * that anyone can recompute, and its SHA-256.
 *
 * The text follows RFC 8785 (JSON Canonicalization Scheme): an object with
 * only the fields that are set, keys in code-unit order, no whitespace,
 * strings escaped only where JSON requires it (\" \\ \b \f \n \r \t, other
 * control characters as \u00xx), numbers as ECMAScript prints a double.
 * Keys are those of `mineralctl screen` input: channel, code, components
 * (array of {material, origin, value_share, weight_share}, unknown parts
 * left out), currency, date, description, description2, end_use, from, id,
 * origin, quantity, route (array of country codes), to, unit, value.
 * Values are as stored (countries upper-case, materials lower-case). A text
 * field that is not valid UTF-8 is written {"hex":"<its bytes, lower-case
 * hex>"}. Example: {"description":"gallium ingots","quantity":5,"to":"US"}.
 */

/** The canonical JSON of r into a new NUL-terminated string (free() it). MCTL_OK, MCTL_EINVAL, MCTL_ENOMEM. */
MCTL_EXTERN int mctl_record_to_json(const mctl_record *r, char **out);
/**
 * SHA-256 of the canonical JSON of r, as 64 lower-case hex digits and a NUL
 * in hex[65]: `printf '%s' "$canonical" | sha256sum`. MCTL_OK, MCTL_EINVAL, MCTL_ENOMEM.
 */
MCTL_EXTERN int mctl_record_digest(const mctl_record *r, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
