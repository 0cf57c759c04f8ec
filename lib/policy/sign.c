/*
 * Signed bundles (Ed25519, libsodium).
 *
 * A signature covers one message that names the bundle exactly:
 *
 *   "mineralctl bundle signature v1\n" BUNDLE "\n" VERSION "\n" MANIFEST-SHA256 "\n"
 *
 * The manifest lists the sha256 of every other file, and the loader checks
 * them, so signing the manifest's digest signs the whole bundle. The bundle
 * id and version are in the message so that a signature can never be moved
 * to another bundle, even one whose manifest happened to collide.
 *
 * Files, one line each, fields separated by blanks:
 *   public key  "mineralctl-ed25519 <base64 32 bytes> <name>"
 *   secret key  "mineralctl-ed25519-secret <base64 64 bytes> <name>"
 *   signature   "ed25519 <key id> <base64 64 bytes> <name>" in MANIFEST.sig
 * The key id is the first 8 bytes of the sha256 of the public key, in hex.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include "policy/sign.h"
#include "util/alloc.h"
#include "util/internal.h"

#define PUB_TAG "mineralctl-ed25519"
#define SEC_TAG "mineralctl-ed25519-secret"
#define SIG_TAG "ed25519"
#define MAX_KEYS 64
#define MAX_NAME 64

typedef struct tkey {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char id[17];
	char name[MAX_NAME];
} tkey;

struct mctl_trust {
	mctl_alloc al;
	tkey keys[MAX_KEYS];
	size_t nkeys;
	unsigned quorum;
};

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
	sodium_ok = sodium_init() >= 0;
}

static int need_sodium(mctl_error **err)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_ok ? MCTL_OK : mctl__error_set(err, MCTL_EINTERNAL, "libsodium failed to initialise");
}

static void key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[17])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, crypto_sign_PUBLICKEYBYTES, pk);
	sha256_digest(&c, sizeof d, d);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Splits a line into at most n blank-separated fields (in place). */
static size_t fields(char *s, char **f, size_t n)
{
	size_t k = 0;
	char *save = NULL;
	for (char *t = strtok_r(s, " \t\r\n", &save); t && k < n; t = strtok_r(NULL, " \t\r\n", &save))
		f[k++] = t;
	return k;
}

static int decode64(const char *in, unsigned char *out, size_t want)
{
	size_t got = 0;
	if (sodium_base642bin(out, want, in, strlen(in), NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return got == want ? 0 : -1;
}

static char *encode64(const unsigned char *in, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(len);
	if (s)
		sodium_bin2base64(s, len, in, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= MAX_NAME)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.' || *s == '@'))
			return 0;
	return 1;
}

int mctl_trust_new(mctl_trust **out, const mctl_context *ctx)
{
	if (!out)
		return MCTL_EINVAL;
	*out = NULL;
	mctl_alloc al;
	mctl__alloc_init(&al, ctx);
	mctl_trust *t = mctl__calloc(&al, 1, sizeof *t);
	if (!t)
		return MCTL_ENOMEM;
	t->al = al;
	t->quorum = 1;
	*out = t;
	return MCTL_OK;
}

void mctl_trust_free(mctl_trust *t)
{
	if (!t)
		return;
	mctl_alloc al = t->al;
	mctl__free(&al, t);
}

int mctl_trust_add_key(mctl_trust *t, const char *line, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!t || !line)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_trust_add_key: trust and key are required");
	int rc = need_sodium(err);
	if (rc)
		return rc;
	char buf[512];
	if (strlen(line) >= sizeof buf)
		return mctl__error_set(err, MCTL_EINVAL, "public key line too long");
	strcpy(buf, line);
	char *f[4];
	size_t n = fields(buf, f, 4);
	if (n != 3 || strcmp(f[0], PUB_TAG) != 0)
		return mctl__error_set(err, MCTL_EINVAL,
		                       "not a public key: expected '" PUB_TAG " <base64> <name>'%s",
		                       n >= 1 && strcmp(f[0], SEC_TAG) == 0 ? " (this is a SECRET key: never give it to a screen)" : "");
	if (!valid_name(f[2]))
		return mctl__error_set(err, MCTL_EINVAL, "key name '%s': letters, digits, '-', '_', '.', '@', under %d characters",
		                       f[2], MAX_NAME);
	tkey k;
	if (decode64(f[1], k.pk, sizeof k.pk) != 0)
		return mctl__error_set(err, MCTL_EINVAL, "public key '%s': not the base64 of %d bytes", f[2],
		                       crypto_sign_PUBLICKEYBYTES);
	snprintf(k.name, sizeof k.name, "%s", f[2]);
	key_id(k.pk, k.id);
	for (size_t i = 0; i < t->nkeys; i++)
		if (memcmp(t->keys[i].pk, k.pk, sizeof k.pk) == 0)
			return mctl__error_set(err, MCTL_EINVAL, "key '%s' is already trusted (as '%s')", k.name, t->keys[i].name);
	if (t->nkeys == MAX_KEYS)
		return mctl__error_set(err, MCTL_ELIMIT, "at most %d trusted keys", MAX_KEYS);
	t->keys[t->nkeys++] = k;
	return MCTL_OK;
}

int mctl_trust_add_key_file(mctl_trust *t, const char *path, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!t || !path)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_trust_add_key_file: trust and path are required");
	FILE *f = fopen(path, "r");
	if (!f)
		return mctl__error_set(err, MCTL_EIO, "cannot open key file '%s': %s", path, strerror(errno));
	char line[512];
	int rc = MCTL_OK, added = 0;
	unsigned ln = 0;
	while (rc == MCTL_OK && fgets(line, sizeof line, f)) {
		ln++;
		char *s = line + strspn(line, " \t");
		if (*s == '#' || *s == '\n' || *s == '\0')
			continue;
		mctl_error *e = NULL;
		rc = mctl_trust_add_key(t, s, &e);
		if (rc == MCTL_OK)
			added++;
		else
			rc = mctl__error_set(err, rc, "%s:%u: %s", path, ln, e ? mctl_error_message(e) : mctl_strerror(rc));
		mctl_error_free(e);
	}
	fclose(f);
	if (rc == MCTL_OK && !added)
		rc = mctl__error_set(err, MCTL_EINVAL, "key file '%s' holds no public key", path);
	return rc;
}

int mctl_trust_set_quorum(mctl_trust *t, unsigned quorum)
{
	if (!t || quorum == 0)
		return MCTL_EINVAL;
	t->quorum = quorum;
	return MCTL_OK;
}

size_t mctl_trust_key_count(const mctl_trust *t)
{
	return t ? t->nkeys : 0;
}

static int message(char *buf, size_t n, const char *bundle, const char *version, const char *manifest_sha256)
{
	int k = snprintf(buf, n, "mineralctl bundle signature v1\n%s\n%s\n%s\n", bundle, version, manifest_sha256);
	return k > 0 && (size_t)k < n ? k : -1;
}

int mctl_keygen(const char *name, char **public_line, char **secret_line, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!name || !public_line || !secret_line)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_keygen: name and outputs are required");
	*public_line = *secret_line = NULL;
	if (!valid_name(name))
		return mctl__error_set(err, MCTL_EINVAL, "key name '%s': letters, digits, '-', '_', '.', '@', under %d characters",
		                       name, MAX_NAME);
	int rc = need_sodium(err);
	if (rc)
		return rc;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	crypto_sign_keypair(pk, sk);
	char *p64 = encode64(pk, sizeof pk), *s64 = encode64(sk, sizeof sk);
	sodium_memzero(sk, sizeof sk);
	size_t pl = strlen(PUB_TAG) + (p64 ? strlen(p64) : 0) + strlen(name) + 4;
	size_t sl = strlen(SEC_TAG) + (s64 ? strlen(s64) : 0) + strlen(name) + 4;
	char *pub = p64 ? malloc(pl) : NULL, *sec = s64 ? malloc(sl) : NULL;
	if (pub && sec) {
		snprintf(pub, pl, PUB_TAG " %s %s\n", p64, name);
		snprintf(sec, sl, SEC_TAG " %s %s\n", s64, name);
	}
	if (s64)
		sodium_memzero(s64, strlen(s64));
	free(p64);
	free(s64);
	if (!pub || !sec) {
		free(pub);
		if (sec)
			sodium_memzero(sec, strlen(sec));
		free(sec);
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	}
	*public_line = pub;
	*secret_line = sec;
	return MCTL_OK;
}

int mctl_policy_sign(const mctl_policy *p, const char *secret_line, char **signature_line, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!p || !secret_line || !signature_line)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_policy_sign: policy, key and output are required");
	*signature_line = NULL;
	int rc = need_sodium(err);
	if (rc)
		return rc;
	if (!mctl_policy_sealed(p))
		return mctl__error_set(err, MCTL_EPOLICY,
		                       "bundle '%s' is not sealed: seal it first (mineralctl bundle seal), so that the "
		                       "signed manifest holds the digest of every file", mctl_policy_bundle(p));
	char buf[512];
	if (strlen(secret_line) >= sizeof buf)
		return mctl__error_set(err, MCTL_EINVAL, "secret key line too long");
	strcpy(buf, secret_line);
	char *f[4];
	size_t n = fields(buf, f, 4);
	unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	if (n != 3 || strcmp(f[0], SEC_TAG) != 0 || !valid_name(f[2]) || decode64(f[1], sk, sizeof sk) != 0) {
		sodium_memzero(buf, sizeof buf);
		return mctl__error_set(err, MCTL_EINVAL, "not a secret key: expected '" SEC_TAG " <base64> <name>'");
	}
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	char msg[1024], id[17];
	int ml = message(msg, sizeof msg, mctl_policy_bundle(p), mctl_policy_version(p), mctl_policy_file_sha256(p, 0));
	if (ml < 0) {
		sodium_memzero(sk, sizeof sk);
		sodium_memzero(buf, sizeof buf);
		return mctl__error_set(err, MCTL_EINVAL, "bundle id or version too long to sign");
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (unsigned long long)ml, sk);
	sodium_memzero(sk, sizeof sk);
	key_id(pk, id);
	char *s64 = encode64(sig, sizeof sig);
	size_t ol = s64 ? strlen(SIG_TAG) + strlen(id) + strlen(s64) + strlen(f[2]) + 5 : 0;
	char *out = s64 ? malloc(ol) : NULL;
	if (out)
		snprintf(out, ol, SIG_TAG " %s %s %s\n", id, s64, f[2]);
	sodium_memzero(buf, sizeof buf);
	free(s64);
	if (!out)
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	*signature_line = out;
	return MCTL_OK;
}

void mctl__verify_signatures(const mctl_trust *t, const char *manifest_path, const char *bundle, const char *version,
                             const char *manifest_sha256, bool sealed, mctl_errlist *errs)
{
	mctl_pos mpos = { manifest_path, 0, 0, 0 };
	if (need_sodium(NULL) != MCTL_OK) {
		mctl__errlist_add(errs, MCTL_ETRUST, &mpos, NULL, "libsodium failed to initialise");
		return;
	}
	if (t->nkeys < t->quorum) {
		mctl__errlist_add(errs, MCTL_ETRUST, &mpos, NULL,
		                  "the trust configuration asks for %u signatures but names only %zu keys", t->quorum,
		                  t->nkeys);
		return;
	}
	if (!sealed) {
		mctl__errlist_add(errs, MCTL_ETRUST, &mpos, NULL,
		                  "bundle is not sealed: a trusted bundle must list every file's digest (mineralctl bundle seal), then be signed");
		return;
	}
	size_t pl = strlen(manifest_path) + 5;
	char *sigpath = malloc(pl);
	if (!sigpath) {
		mctl__errlist_add(errs, MCTL_ENOMEM, &mpos, NULL, "out of memory");
		return;
	}
	snprintf(sigpath, pl, "%s.sig", manifest_path);
	FILE *f = fopen(sigpath, "r");
	if (!f) {
		mctl__errlist_add(errs, MCTL_ETRUST, &mpos, NULL,
		                  "bundle is not signed: cannot read '%s' (%s), and a trust key is configured", sigpath,
		                  strerror(errno));
		free(sigpath);
		return;
	}
	char msg[1024];
	int ml = message(msg, sizeof msg, bundle ? bundle : "", version ? version : "", manifest_sha256);
	bool good[MAX_KEYS] = { false };
	unsigned valid = 0, unknown = 0;
	char line[512];
	unsigned ln = 0;
	while (fgets(line, sizeof line, f)) {
		ln++;
		mctl_pos pos = { sigpath, ln, 1, 0 };
		char *s = line + strspn(line, " \t");
		if (*s == '#' || *s == '\n' || *s == '\0')
			continue;
		char *fl[5];
		size_t n = fields(s, fl, 5);
		unsigned char sig[crypto_sign_BYTES];
		if (n != 4 || strcmp(fl[0], SIG_TAG) != 0 || decode64(fl[2], sig, sizeof sig) != 0) {
			mctl__errlist_add(errs, MCTL_ETRUST, &pos, NULL,
			                  "not a signature line: expected '" SIG_TAG " <key id> <base64> <name>'");
			continue;
		}
		size_t k = 0;
		while (k < t->nkeys && strcmp(t->keys[k].id, fl[1]) != 0)
			k++;
		if (k == t->nkeys) {
			unknown++;
			continue; /* a signer this screen does not trust: neither counts nor fails */
		}
		if (ml < 0 || crypto_sign_verify_detached(sig, (const unsigned char *)msg, (unsigned long long)ml,
		                                          t->keys[k].pk) != 0) {
			mctl__errlist_add(errs, MCTL_ETRUST, &pos, NULL,
			                  "signature by trusted key '%s' (%s) does not verify: the bundle changed after it was "
			                  "signed, or the signature belongs to another bundle or version",
			                  t->keys[k].name, t->keys[k].id);
			continue;
		}
		if (!good[k]) {
			good[k] = true;
			valid++;
		}
	}
	fclose(f);
	if (valid < t->quorum && errs->count == 0) {
		mctl_pos pos = { sigpath, 0, 0, 0 };
		char names[MAX_KEYS * (MAX_NAME + 2)] = "";
		for (size_t k = 0; k < t->nkeys; k++)
			if (good[k]) {
				strcat(names, *names ? ", " : "");
				strcat(names, t->keys[k].name);
			}
		mctl__errlist_add(errs, MCTL_ETRUST, &pos, NULL,
		                  "%u valid signature%s from trusted keys (%s), %u required%s", valid, valid == 1 ? "" : "s",
		                  *names ? names : "none", t->quorum,
		                  unknown ? "; signatures by keys that are not trusted do not count" : "");
	}
	free(sigpath);
}
