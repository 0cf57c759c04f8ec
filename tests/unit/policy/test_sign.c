/*
 * Signed bundles: every refusal path of a trusted load, and that a refused
 * reload leaves the running policy in place. Bundles are copies of
 * tests/data/valid/minimal(-v2) in a temporary directory, sealed here with
 * digests computed independently of the loader (nettle's sha256).
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include "../../common.h"

static const char *const files[] = { "lexicon.yaml", "controls/items.yaml", "controls/thresholds.yaml" };
#define NFILES (sizeof files / sizeof files[0])

static char tmp[4096];

static void setup(void)
{
	make_tmpdir(tmp, sizeof tmp, "sign");
}

static void teardown(void)
{
	remove_tmpdir(tmp);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void spill(const char *path, const char *s, size_t n, const char *mode)
{
	FILE *f = fopen(path, mode);
	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(s, 1, n, f), n);
	fclose(f);
}

/* Copies tests/data/valid/<src> to tmp/<name> and seals it (title replaced when given). */
static const char *make_bundle(const char *src, const char *name, const char *title)
{
	static char dir[4200];
	char p[4400], q[256];
	snprintf(dir, sizeof dir, "%s/%s", tmp, name);
	cr_assert_eq(mkdir(dir, 0700), 0);
	snprintf(p, sizeof p, "%s/controls", dir);
	cr_assert_eq(mkdir(p, 0700), 0);
	size_t n;
	snprintf(q, sizeof q, "tests/data/valid/%s/bundle.yaml", src);
	char *manifest = slurp(SRCPATH(q), &n);
	if (title) {
		char *t = strstr(manifest, "title: ");
		cr_assert_not_null(t);
		char *eol = strchr(t, '\n');
		char *m2 = malloc(n + strlen(title) + 16);
		sprintf(m2, "%.*stitle: %s%s", (int)(t - manifest), manifest, title, eol);
		free(manifest);
		manifest = m2;
		n = strlen(manifest);
	}
	snprintf(p, sizeof p, "%s/bundle.yaml", dir);
	spill(p, manifest, n, "wb");
	free(manifest);
	spill(p, "digests:\n", 9, "ab");
	for (size_t i = 0; i < NFILES; i++) {
		snprintf(q, sizeof q, "tests/data/valid/%s/%s", src, files[i]);
		char *s = slurp(SRCPATH(q), &n);
		char out[4400];
		snprintf(out, sizeof out, "%s/%s", dir, files[i]);
		spill(out, s, n, "wb");
		struct sha256_ctx c;
		uint8_t d[SHA256_DIGEST_SIZE];
		sha256_init(&c);
		sha256_update(&c, n, (const uint8_t *)s);
		sha256_digest(&c, sizeof d, d);
		char line[256];
		int k = snprintf(line, sizeof line, "  %s: \"sha256:", files[i]);
		for (int j = 0; j < SHA256_DIGEST_SIZE; j++)
			k += snprintf(line + k, sizeof line - (size_t)k, "%02x", d[j]);
		k += snprintf(line + k, sizeof line - (size_t)k, "\"\n");
		spill(p, line, (size_t)k, "ab");
		free(s);
	}
	return dir;
}

typedef struct key {
	char *pub, *sec;
} key;

static key keygen(const char *name)
{
	key k;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_keygen(name, &k.pub, &k.sec, &err), MCTL_OK);
	cr_assert(strncmp(k.pub, "mineralctl-ed25519 ", 19) == 0);
	cr_assert(strncmp(k.sec, "mineralctl-ed25519-secret ", 26) == 0);
	return k;
}

static void key_free(key k)
{
	free(k.pub);
	free(k.sec);
}

/* Signs the bundle at dir with k, appending to DIR/bundle.yaml.sig. */
static void sign(const char *dir, key k)
{
	mctl_policy *p = must_load(dir);
	char *line = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_policy_sign(p, k.sec, &line, &err), MCTL_OK, "%s", err ? mctl_error_message(err) : "");
	char sig[4400];
	snprintf(sig, sizeof sig, "%s/bundle.yaml.sig", dir);
	spill(sig, line, strlen(line), "ab");
	free(line);
	mctl_policy_unref(p);
}

/* Loads dir with trust; returns the status and the first message in msg. */
static int load_trusted(const char *dir, const mctl_trust *t, char *msg, size_t n)
{
	mctl_load_options o;
	mctl_load_options_init(&o);
	o.trust = t;
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, dir, &o, &err);
	snprintf(msg, n, "%s", err ? mctl_error_message(err) : "");
	if (rc == MCTL_OK)
		cr_assert_not_null(p);
	else
		cr_assert_null(p);
	mctl_error_free(err);
	mctl_policy_unref(p);
	return rc;
}

static mctl_trust *trust_of(key *keys, size_t n, unsigned quorum)
{
	mctl_trust *t = NULL;
	cr_assert_eq(mctl_trust_new(&t, NULL), MCTL_OK);
	for (size_t i = 0; i < n; i++) {
		mctl_error *err = NULL;
		cr_assert_eq(mctl_trust_add_key(t, keys[i].pub, &err), MCTL_OK, "%s", err ? mctl_error_message(err) : "");
	}
	cr_assert_eq(mctl_trust_set_quorum(t, quorum), MCTL_OK);
	return t;
}

TestSuite(sign, .init = setup, .fini = teardown);

Test(sign, a_signed_bundle_loads_and_an_unsigned_one_is_refused)
{
	key a = keygen("compliance");
	mctl_trust *t = trust_of(&a, 1, 1);
	const char *dir = make_bundle("minimal", "b", NULL);
	char msg[1024];
	/* Without trust, signatures are not required. */
	mctl_policy_unref(must_load(dir));
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "not signed") != NULL, "%s", msg);
	sign(dir, a);
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_OK, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, a_file_changed_after_signing_is_refused)
{
	key a = keygen("compliance");
	mctl_trust *t = trust_of(&a, 1, 1);
	const char *dir = make_bundle("minimal", "b", NULL);
	sign(dir, a);
	char p[4400], msg[1024];
	snprintf(p, sizeof p, "%s/controls/items.yaml", dir);
	spill(p, "\n# an innocent-looking comment\n", 31, "ab");
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_EPOLICY);
	cr_assert(strstr(msg, "does not match its digest") != NULL, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, a_resealed_manifest_no_longer_verifies)
{
	key a = keygen("compliance");
	mctl_trust *t = trust_of(&a, 1, 1);
	const char *dir = make_bundle("minimal", "b", NULL);
	sign(dir, a);
	/* Someone edits a file and reseals: the digests agree again, the signature cannot. */
	char p[4400], q[4400], msg[1024];
	snprintf(p, sizeof p, "%s/bundle.yaml.sig", dir);
	snprintf(q, sizeof q, "%s/kept.sig", tmp);
	cr_assert_eq(rename(p, q), 0);
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	dir = make_bundle("minimal", "b", "Test bundle, edited");
	snprintf(p, sizeof p, "%s/bundle.yaml.sig", dir);
	cr_assert_eq(rename(q, p), 0);
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "does not verify") != NULL, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, a_signature_for_another_bundle_is_refused)
{
	key a = keygen("compliance");
	mctl_trust *t = trust_of(&a, 1, 1);
	char other[4200], mine[4200], p[4400], q[4400], msg[1024];
	snprintf(other, sizeof other, "%s", make_bundle("minimal-v2", "other", NULL));
	sign(other, a);
	snprintf(mine, sizeof mine, "%s", make_bundle("minimal", "mine", NULL));
	snprintf(p, sizeof p, "%s/bundle.yaml.sig", other);
	snprintf(q, sizeof q, "%s/bundle.yaml.sig", mine);
	size_t n;
	char *s = slurp(p, &n);
	spill(q, s, n, "wb");
	free(s);
	cr_assert_eq(load_trusted(other, t, msg, sizeof msg), MCTL_OK, "%s", msg);
	cr_assert_eq(load_trusted(mine, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "does not verify") != NULL, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, a_quorum_needs_distinct_trusted_signers)
{
	key k[3] = { keygen("compliance"), keygen("legal"), keygen("intern") };
	mctl_trust *t = trust_of(k, 2, 2); /* compliance + legal; the intern is not trusted */
	const char *dir = make_bundle("minimal", "b", NULL);
	char msg[1024];
	sign(dir, k[0]);
	sign(dir, k[0]); /* the same key twice counts once */
	sign(dir, k[2]);
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "1 valid signature from trusted keys (compliance), 2 required") != NULL, "%s", msg);
	cr_assert(strstr(msg, "not trusted do not count") != NULL, "%s", msg);
	sign(dir, k[1]);
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_OK, "%s", msg);
	mctl_trust_free(t);
	for (int i = 0; i < 3; i++)
		key_free(k[i]);
}

Test(sign, an_unsealed_or_badly_signed_bundle_is_refused)
{
	key a = keygen("compliance");
	mctl_trust *t = trust_of(&a, 1, 1);
	char msg[1024], p[4400];
	/* The source tree's minimal bundle lists no digests. */
	cr_assert_eq(load_trusted(SRCPATH("tests/data/valid/minimal"), t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "not sealed") != NULL, "%s", msg);
	mctl_policy *p0 = must_load(SRCPATH("tests/data/valid/minimal"));
	char *line = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_policy_sign(p0, a.sec, &line, &err), MCTL_EPOLICY, "an unsealed bundle cannot be signed");
	cr_assert_null(line);
	mctl_error_free(err);
	mctl_policy_unref(p0);

	const char *dir = make_bundle("minimal", "b", NULL);
	snprintf(p, sizeof p, "%s/bundle.yaml.sig", dir);
	spill(p, "ed25519 0011223344556677 bm90IGEgc2lnbmF0dXJl compliance\n", 55, "wb");
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "not a signature line") != NULL, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, keys_are_checked)
{
	key a = keygen("compliance");
	mctl_trust *t = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_trust_new(&t, NULL), MCTL_OK);
	cr_assert_eq(mctl_trust_add_key(t, a.sec, &err), MCTL_EINVAL);
	cr_assert(strstr(mctl_error_message(err), "SECRET") != NULL, "%s", mctl_error_message(err));
	mctl_error_free(err);
	cr_assert_eq(mctl_trust_add_key(t, "mineralctl-ed25519 c2hvcnQ= short", &err), MCTL_EINVAL);
	mctl_error_free(err);
	cr_assert_eq(mctl_trust_add_key(t, a.pub, NULL), MCTL_OK);
	cr_assert_eq(mctl_trust_add_key(t, a.pub, &err), MCTL_EINVAL, "the same key twice");
	mctl_error_free(err);
	cr_assert_eq(mctl_trust_key_count(t), 1);
	cr_assert_eq(mctl_trust_set_quorum(t, 0), MCTL_EINVAL);
	cr_assert_eq(mctl_keygen("bad name", &a.pub, &a.sec, &err), MCTL_EINVAL);
	mctl_error_free(err);
	/* A quorum larger than the keys can never be met: said plainly. */
	cr_assert_eq(mctl_trust_set_quorum(t, 2), MCTL_OK);
	char msg[1024];
	const char *dir = make_bundle("minimal", "b", NULL);
	cr_assert_eq(load_trusted(dir, t, msg, sizeof msg), MCTL_ETRUST);
	cr_assert(strstr(msg, "names only 1 keys") != NULL, "%s", msg);
	mctl_trust_free(t);
	key_free(a);
}

Test(sign, a_refused_reload_keeps_the_running_policy)
{
	key a = keygen("compliance"), b = keygen("mallory");
	mctl_trust *t = trust_of(&a, 1, 1);
	char good[4200], evil[4200];
	snprintf(good, sizeof good, "%s", make_bundle("minimal", "good", NULL));
	sign(good, a);
	snprintf(evil, sizeof evil, "%s", make_bundle("minimal-v2", "evil", NULL));
	sign(evil, b);
	mctl_load_options o;
	mctl_load_options_init(&o);
	o.trust = t;
	mctl_holder *h = NULL;
	cr_assert_eq(mctl_holder_new(&h, NULL), MCTL_OK);
	cr_assert_eq(mctl_holder_reload(h, good, &o, NULL), MCTL_OK);
	mctl_policy *before = mctl_holder_acquire(h);
	mctl_error *err = NULL;
	cr_assert_eq(mctl_holder_reload(h, evil, &o, &err), MCTL_ETRUST);
	mctl_error_free(err);
	mctl_policy *after = mctl_holder_acquire(h);
	cr_assert_eq(after, before, "the running policy stays");
	cr_assert_str_eq(mctl_policy_version(after), "1.0");
	mctl_policy_unref(before);
	mctl_policy_unref(after);
	mctl_holder_free(h);
	mctl_trust_free(t);
	key_free(a);
	key_free(b);
}

Test(sign, version_1_options_still_load)
{
	/* A caller built against version 1 of the options has no trust field. */
	mctl_load_options o;
	mctl_load_options_init(&o);
	o.version = 1;
	o.trust = (const mctl_trust *)0x1; /* must not be read */
	mctl_policy *p = NULL;
	cr_assert_eq(mctl_policy_load(&p, SRCPATH("tests/data/valid/minimal"), &o, NULL), MCTL_OK);
	mctl_policy_unref(p);
}
