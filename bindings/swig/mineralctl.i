/*
 * bindings/swig/mineralctl.i - the interface every language binding shares.
 *
 * A language's own interface file (bindings/python/mineralctl.i,
 * bindings/java/mineralctl.i) sets %module, defines MCTL_SWIG_RAISE (see
 * below) and then %includes this file. What this file declares is the
 * low-level layer: three opaque handles with methods. Each language builds
 * its idiomatic API on top of it (Python's mineralctl.Policy, Java's
 * org.mineralctl.Policy); users never see this layer.
 *
 * Conventions
 *  - Handles are the C library's opaque objects. Constructors and the
 *    destructor are the library's _new/_free (or _load/_unref) pairs;
 *    methods that return a new object are %newobject, so the target
 *    language owns and frees it.
 *  - Every call that can fail takes a trailing `mctl_swig_err *e`, hidden
 *    from the target language. One typemap turns a failure (a negative
 *    status) into the language's exception, carrying the status code, the
 *    message, and the file, line, column and YAML path of the first
 *    diagnostic. The language file supplies only MCTL_SWIG_RAISE(status,
 *    err): raise its exception from a status and a (possibly NULL) error
 *    chain. The chain is freed here, after the exception holds copies.
 *  - Text goes in as UTF-8 bytes with a length (no NUL termination needed,
 *    no modified UTF-8), and comes out as NUL-terminated UTF-8.
 *  - Offsets (evidence start/end) are byte offsets into the UTF-8 text of
 *    the field; the language layer converts them to its own string indices.
 */

%{
#include <stdlib.h>
#include <string.h>
#include <mineralctl.h>

/* Status and diagnostics of one call, filled by the helpers below. */
typedef struct mctl_swig_err {
	int status;
	mctl_error *err;
} mctl_swig_err;

static int mctl_swig_fail(mctl_swig_err *e, int status)
{
	e->status = status;
	return status;
}
%}

/* ---- the one error typemap ---- */
%typemap(in, numinputs=0) mctl_swig_err *e (mctl_swig_err tmp_e) {
	tmp_e.status = MCTL_OK;
	tmp_e.err = NULL;
	$1 = &tmp_e;
}
%typemap(freearg) mctl_swig_err *e {
	mctl_error_free($1->err);
}
#if defined(SWIGPYTHON)
%typemap(argout) mctl_swig_err *e {
	if ($1->status < 0) {
		MCTL_SWIG_RAISE($1->status, $1->err);
		SWIG_fail;
	}
}
#elif defined(SWIGJAVA)
%typemap(argout) mctl_swig_err *e {
	if ($1->status < 0) {
		MCTL_SWIG_RAISE($1->status, $1->err);
		return $null;
	}
}
#else
#error "bindings/swig/mineralctl.i: no error typemap for this target language"
#endif

/* UTF-8 text with an explicit length. */
%apply (const char *STRING, size_t LENGTH) { (const char *utf8, size_t len) };

/* ---- enumerations and names ---- */
%rename("%(strip:[MCTL_])s", %$isenumitem) "";
typedef enum mctl_verdict {
	MCTL_VERDICT_CLEAR = 0,
	MCTL_VERDICT_REVIEW = 1,
	MCTL_VERDICT_LICENSE_REQUIRED = 2,
	MCTL_VERDICT_PROHIBITED = 3
} mctl_verdict;

typedef enum mctl_field {
	MCTL_FIELD_ID = 0, MCTL_FIELD_DESCRIPTION, MCTL_FIELD_DESCRIPTION2, MCTL_FIELD_CODE,
	MCTL_FIELD_ORIGIN, MCTL_FIELD_FROM, MCTL_FIELD_TO, MCTL_FIELD_DATE, MCTL_FIELD_CHANNEL,
	MCTL_FIELD_END_USE, MCTL_FIELD_UNIT, MCTL_FIELD_CURRENCY, MCTL_FIELD_COUNT_
} mctl_field;

/* Status codes, for the exceptions' `code`. */
%constant int MCTL_OK = MCTL_OK;
%constant int MCTL_ENOMEM = MCTL_ENOMEM;
%constant int MCTL_EINVAL = MCTL_EINVAL;
%constant int MCTL_EIO = MCTL_EIO;
%constant int MCTL_ESYNTAX = MCTL_ESYNTAX;
%constant int MCTL_EPOLICY = MCTL_EPOLICY;
%constant int MCTL_ELIMIT = MCTL_ELIMIT;
%constant int MCTL_EUNICODE = MCTL_EUNICODE;

const char *mctl_version(void);
const char *mctl_strerror(int status);
const char *mctl_verdict_name(mctl_verdict v);
const char *mctl_field_name(mctl_field f);
%inline %{
/* Names by number, so the language layers need not mirror the C enums. */
const char *mctl_swig_flag_name(int f) { return mctl_flag_name((mctl_flag)f); }
const char *mctl_swig_match_name(int m) { return mctl_match_name((mctl_match)m); }
const char *mctl_swig_action_name(int a) { return mctl_action_name((mctl_action)a); }
%}

/* ---- the policy: load once, share across threads ---- */
/* SWIG sees the handles under their own names (Policy, Record, Result),
 * so the functions %extend generates (Policy_classify ...) never collide
 * with the library's. */
%{
typedef struct mctl_policy Policy;
typedef struct mctl_record Record;
typedef struct mctl_result Result;
%}
typedef struct {} Policy;
%extend Policy {
	/* Loads and compiles the bundle (or single file) at path. */
	Policy(const char *path, mctl_swig_err *e) {
		mctl_policy *p = NULL;
		mctl_swig_fail(e, mctl_policy_load(&p, path, NULL, &e->err));
		return p;
	}
	~Policy() { mctl_policy_unref($self); }

	const char *bundle() { return mctl_policy_bundle($self); }
	const char *version() { return mctl_policy_version($self); }
	const char *jurisdiction() { return mctl_policy_jurisdiction($self); }
	const char *digest() { return mctl_policy_digest($self); }
	int sealed() { return mctl_policy_sealed($self); }
	size_t item_count() { return mctl_policy_item_count($self); }
	const char *item_id(size_t i) { return mctl_policy_item_id($self, i); }
	const char *item_title(size_t i, const char *lang) { return mctl_policy_item_title($self, i, lang); }
	const char *item_announcement(size_t i) { return mctl_policy_item_announcement($self, i); }
	const char *item_control_code(size_t i) { return mctl_policy_item_control_code($self, i); }

	/* One classification; thread-safe on a shared policy (one record per thread). */
	%newobject classify;
	Result *classify(Record *r, mctl_swig_err *e) {
		mctl_result *res = NULL;
		mctl_swig_fail(e, mctl_classify($self, r, &res, &e->err));
		return res;
	}
}

/* ---- a record: reusable, one per thread ---- */
typedef struct {} Record;
%extend Record {
	Record(mctl_swig_err *e) {
		mctl_record *r = NULL;
		mctl_swig_fail(e, mctl_record_new(&r, NULL));
		return r;
	}
	~Record() { mctl_record_free($self); }

	void clear() { mctl_record_clear($self); }
	/* Sets a text field; structured fields (countries, date, channel) are checked. */
	void set(mctl_field f, const char *utf8, size_t len, mctl_swig_err *e) {
		mctl_swig_fail(e, mctl_record_set($self, f, utf8, len, &e->err));
	}
	void add_route(const char *country, mctl_swig_err *e) {
		mctl_swig_fail(e, mctl_record_add_route($self, country, &e->err));
	}
	/* Shares below 0 mean "not stated". */
	void add_component(const char *material, const char *origin, double value_share,
	                   double weight_share, mctl_swig_err *e) {
		mctl_swig_fail(e, mctl_record_add_component($self, material, origin, value_share,
		                                            weight_share, &e->err));
	}
	void set_quantity(double q, mctl_swig_err *e) { mctl_swig_fail(e, mctl_record_set_quantity($self, q)); }
	void set_value(double v, mctl_swig_err *e) { mctl_swig_fail(e, mctl_record_set_value($self, v)); }
}

/* ---- a result: immutable, owned by the caller ---- */
/* Results come only from Policy.classify. */
%nodefaultctor Result;
typedef struct {} Result;
%extend Result {
	~Result() { mctl_result_free($self); }

	mctl_verdict verdict() { return mctl_result_verdict($self); }
	const char *id() { return mctl_result_id($self); }
	const char *date() { return mctl_result_date($self); }
	int in_jurisdiction() { return mctl_result_in_jurisdiction($self); }
	const char *note() { return mctl_result_note($self); }
	const char *bundle() { return mctl_policy_bundle(mctl_result_policy($self)); }
	const char *version() { return mctl_policy_version(mctl_result_policy($self)); }
	const char *digest() { return mctl_policy_digest(mctl_result_policy($self)); }

	size_t item_count() { return mctl_result_item_count($self); }
	/* Index of fired item i in the policy (for Policy.item_* and caching per item). */
	size_t item_index(size_t i) { return mctl_result_item_index($self, i); }
	const char *item_id(size_t i) { return mctl_result_item_id($self, i); }
	int item_action(size_t i) { return (int)mctl_result_item_action($self, i); }
	int item_match(size_t i) { return (int)mctl_result_item_match($self, i); }
	const char *item_title(size_t i, const char *lang) {
		return mctl_policy_item_title(mctl_result_policy($self), mctl_result_item_index($self, i), lang);
	}
	const char *item_announcement(size_t i) {
		return mctl_policy_item_announcement(mctl_result_policy($self), mctl_result_item_index($self, i));
	}
	const char *item_control_code(size_t i) {
		return mctl_policy_item_control_code(mctl_result_policy($self), mctl_result_item_index($self, i));
	}
	size_t item_mineral_count(size_t i) { return mctl_result_item_mineral_count($self, i); }
	const char *item_mineral(size_t i, size_t j) { return mctl_result_item_mineral($self, i, j); }

	size_t flag_count() { return mctl_result_flag_count($self); }
	int flag_at(size_t i) { return (int)mctl_result_flag_at($self, i); }

	size_t evidence_count() { return mctl_result_evidence_count($self); }
	mctl_field evidence_field(size_t i) { return mctl_result_evidence_field($self, i); }
	size_t evidence_start(size_t i) { return mctl_result_evidence_start($self, i); }
	size_t evidence_end(size_t i) { return mctl_result_evidence_end($self, i); }
	const char *evidence_text(size_t i) { return mctl_result_evidence_text($self, i); }
	const char *evidence_concept(size_t i) { return mctl_result_evidence_concept($self, i); }
	int evidence_negated(size_t i) { return mctl_result_evidence_negated($self, i); }
	int evidence_approximate(size_t i) { return mctl_result_evidence_approximate($self, i); }

	/* The library's JSON for this result (the same bytes the CLI prints). */
	%newobject to_json;
	char *to_json(mctl_swig_err *e) {
		char *s = NULL;
		mctl_swig_fail(e, mctl_result_to_json($self, &s));
		return s;
	}
}
