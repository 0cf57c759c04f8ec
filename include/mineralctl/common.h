/*
 * mineralctl/common.h - status codes, errors, allocator contexts.
 *
 * Conventions for the whole API:
 *  - every function that can fail returns an int status: MCTL_OK (0) or a
 *    negative MCTL_E* code; out parameters come first (the one positive
 *    status, MCTL_DONE, is not an error: a reader has no more records);
 *  - handles are opaque; every *_free() and *_unref() accepts NULL;
 *  - getters return borrowed pointers that live as long as their parent;
 *  - strings are UTF-8; byte offsets are 0-based, lines and columns 1-based.
 */
#ifndef MINERALCTL_COMMON_H
#define MINERALCTL_COMMON_H

#include <stddef.h>
#include <mineralctl/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MCTL_BUILDING_LIBRARY) && defined(__GNUC__)
#  define MCTL_EXTERN __attribute__((visibility("default")))
#else
#  define MCTL_EXTERN
#endif

/** Status codes. Every failing call returns one of the negative values. */
enum {
	MCTL_DONE = 1,      /**< not an error: the end of the input (mctl_reader_next) */
	MCTL_OK = 0,
	MCTL_ENOMEM = -1,   /**< an allocation failed */
	MCTL_EINVAL = -2,   /**< invalid argument or invalid field value */
	MCTL_EIO = -3,      /**< a file could not be opened or read */
	MCTL_ESYNTAX = -4,  /**< malformed input (YAML, JSON, code, date) */
	MCTL_EPOLICY = -5,  /**< the policy is well-formed but wrong (see diagnostics) */
	MCTL_ELIMIT = -6,   /**< a size, depth or count limit was exceeded */
	MCTL_EUNICODE = -7, /**< text processing (ICU) failed */
	MCTL_EINTERNAL = -8, /**< a bug: please report it */
	MCTL_ETRUST = -9    /**< the bundle is not signed as the trust configuration requires */
};

/** Returns a static, human-readable name for a status code ("out of memory"). */
MCTL_EXTERN const char *mctl_strerror(int status);

/** Returns the library version string at run time, e.g. "0.1.0". */
MCTL_EXTERN const char *mctl_version(void);

/*
 * Errors.
 *
 * An mctl_error is a chain of one or more diagnostics. Loading a policy
 * reports every problem it finds, one diagnostic each; other calls report one.
 * Each diagnostic has a status code and a message and, when a file is
 * involved, the file, 1-based line and column, byte offset and the YAML
 * path of the offending node ("items[3].codes[1]"). Errors are returned
 * through an `mctl_error **err` argument, which may be NULL when the caller
 * does not want details. No thread-local "last error" exists.
 */
typedef struct mctl_error mctl_error;

/** Status code of this diagnostic (a negative MCTL_E* value). */
MCTL_EXTERN int mctl_error_code(const mctl_error *e);
/** Message text, never NULL. */
MCTL_EXTERN const char *mctl_error_message(const mctl_error *e);
/** Source file, or NULL when no file is involved. */
MCTL_EXTERN const char *mctl_error_file(const mctl_error *e);
/** 1-based line, 0 when unknown. */
MCTL_EXTERN unsigned mctl_error_line(const mctl_error *e);
/** 1-based column (in characters), 0 when unknown. */
MCTL_EXTERN unsigned mctl_error_column(const mctl_error *e);
/** 0-based byte offset in the file, or (size_t)-1 when unknown. */
MCTL_EXTERN size_t mctl_error_offset(const mctl_error *e);
/** YAML path of the offending node ("items[3].codes[1]"), or NULL. */
MCTL_EXTERN const char *mctl_error_path(const mctl_error *e);
/** The next diagnostic of the chain, or NULL after the last one. */
MCTL_EXTERN const mctl_error *mctl_error_next(const mctl_error *e);
/** Number of diagnostics in the chain starting at e (0 for NULL). */
MCTL_EXTERN size_t mctl_error_count(const mctl_error *e);
/**
 * Formats one diagnostic as "file:line:col: error: message (in path)"
 * (parts that are unknown are left out) into buf, always NUL-terminated when
 * size > 0. Returns the length the full text needs, like snprintf.
 */
MCTL_EXTERN size_t mctl_error_format(const mctl_error *e, char *buf, size_t size);
/** Frees the whole chain. NULL is a no-op. */
MCTL_EXTERN void mctl_error_free(mctl_error *e);

/*
 * Allocator contexts.
 *
 * Every allocation the library makes for its own objects goes through the
 * hooks of the context the object was created with. Objects copy the hooks,
 * so a context may be freed as soon as the objects are created. Passing a
 * NULL context means malloc/realloc/free. (ICU, libyaml and jansson keep
 * their own process-wide allocators; their temporary memory is not routed.)
 */
typedef struct mctl_allocator {
	void *(*malloc_fn)(size_t size, void *user);
	void *(*realloc_fn)(void *ptr, size_t size, void *user);
	void (*free_fn)(void *ptr, void *user);
	void *user;
} mctl_allocator;

typedef struct mctl_context mctl_context;

/**
 * Creates a context. `alloc` may be NULL for the C library's allocator; its
 * three functions must otherwise all be set. The struct is copied.
 * Returns MCTL_OK, MCTL_EINVAL or MCTL_ENOMEM.
 */
MCTL_EXTERN int mctl_context_new(mctl_context **out, const mctl_allocator *alloc);
/** Frees a context. Objects made with it stay valid. NULL is a no-op. */
MCTL_EXTERN void mctl_context_free(mctl_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
