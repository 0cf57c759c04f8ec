/* Internal: character classes used for word boundaries. */
#ifndef MCTL_TEXT_CHARS_H
#define MCTL_TEXT_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A letter of a script that separates words with spaces (Latin, Cyrillic, Greek, ...), or a combining mark. */
bool mctl__is_spaced_letter(int32_t cp);
/* An ASCII or spaced-script letter or any decimal digit: what a formula or CAS number must not touch. */
bool mctl__is_token_char(int32_t cp);
/* First / last code point of valid UTF-8 text (-1 when empty). */
int32_t mctl__first_cp(const char *s, size_t len);
int32_t mctl__last_cp(const char *s, size_t len);
/* Code point ending just before s[pos] / starting at s[pos] (-1 at the edges). */
int32_t mctl__cp_before(const char *s, size_t pos);
int32_t mctl__cp_at(const char *s, size_t len, size_t pos);

#endif
