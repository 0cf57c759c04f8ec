/*
 * mineralctl screen: records in, one report out, in input order.
 *
 * Records go through batches of BATCH. With -j N, N threads (the main
 * thread and N-1 others) each loop: take a free batch, fill it from the
 * inputs (one thread at a time: reading is sequential), classify it against
 * the one shared (immutable) policy, and queue it for writing; whichever
 * thread finds the oldest batch classified writes it and every classified
 * batch after it, in reading order. So the report is byte for byte the same
 * as with -j 1, there is no thread that only waits, and on N cores N threads
 * run. JSON Lines records are only cut apart while reading
 * (source_next_text) and parsed with the classification, outside the
 * reading lock; an input whose texts are still waiting to be parsed stays
 * open (by reference count) until they are. A fixed number of batches
 * circulates, so memory stays bounded whatever the size of the input.
 *
 * The policy comes from a holder (mctl_holder): each batch takes a reference
 * when its first record is read and is decided by that policy alone. With
 * --watch, the thread filling a batch looks at the bundle's files at most once a
 * second between batches and reloads it when one changed; a reload that
 * fails keeps the current policy (and is not retried until the files change
 * again). Every result names the digest of the policy that decided it.
 *
 * SIGINT and SIGTERM set a flag: reading stops at the next record, the
 * records already read are decided and written, the report is closed, the
 * summary printed, and screen exits 130 (SIGTERM: 143).
 */
#define _GNU_SOURCE 1 /* pthread_setname_np */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "audit.h"
#include "cli.h"
#include "source.h"

#define BATCH 64 /* records per batch */
#define MAX_JOBS 256   /* -j limit */
#define MAX_OPEN 64    /* inputs kept open past their end while their records wait to be parsed */

typedef struct job {
	mctl_record *rec;  /* kept for the life of the screen: records are reusable */
	mctl_result *res;  /* the decision, or NULL for a record that failed */
	bool failed;
	char msg[512];     /* why it failed */
	char sha256[65];   /* of the canonical record, for the audit trail */
	char *canon;       /* the canonical record, with --audit-records */
	size_t line;
	size_t input;      /* index of the input it came from */
	/* a record read as text, parsed with the classification (JSON Lines, -j > 1) */
	struct open_input *oi; /* its input; NULL when rec already holds the record */
	char *text;
	size_t text_len, text_cap;
	uint64_t offset;
} job;

typedef struct batch {
	struct batch *next_out;  /* queue of batches to write, in reading order */
	struct batch *next_free;
	size_t n;
	mctl_policy *policy;     /* decides the whole batch (a reference of its own) */
	bool done;               /* classified */
	uint64_t bytes;          /* input bytes consumed when the batch was full */
	uint64_t seq;            /* 1, 2, ... in reading order */
	job jobs[BATCH];
} batch;

typedef struct input {
	char *path;
	const char *report_name; /* the file name given to the report, or NULL */
} input;

typedef struct screen {
	mctl_holder *holder;     /* the current policy */
	const char *policy_path; /* what --watch looks at */
	bool watch;
	uint64_t stamp, bad_stamp; /* of the bundle's files: loaded, and last failed to load */
	double last_look;
	mctl_writer *writer;
	audit *audit;
	bool audit_records;
	input *inputs;
	size_t ninputs;
	unsigned threads;
	/* reading, under read_mu: the input being read and where */
	pthread_mutex_t read_mu;
	const source_options *so;
	size_t next_input, cur_input;
	source *src;
	bool in_input;           /* an input is open (or failed to open and gave its error) */
	bool open_failed;
	char open_msg[512];
	size_t line;
	uint64_t done_bytes;     /* bytes of the inputs already read to the end */
	uint64_t seq;            /* of the last batch filled */
	struct open_input *oi;   /* the current input, when its records are parsed after reading */
	atomic_uint open_inputs; /* such inputs not closed yet (the current one and those whose texts wait) */
	/* batches, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv_free;
	batch *out_head, *out_tail, *free_list;
	bool writing;            /* a thread is writing batches */
	/* written by the writing thread only */
	size_t records, errors;
	atomic_int fatal;        /* the report or the audit trail could not be written (read by the reader) */
	/* progress on a terminal */
	bool progress;
	uint64_t total_bytes;    /* 0 when unknown */
	double t0, last_draw;
} screen;

/*
 * Set by the handler on the main thread, read by every screening thread: a
 * lock-free atomic (safe in a signal handler, and no data race between
 * threads, which a volatile sig_atomic_t would be).
 */
static atomic_int stop_signal;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "stop_signal must be lock-free to be set in a signal handler");

static void on_signal(int sig)
{
	atomic_store(&stop_signal, sig);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------- inputs ---------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_input(input **v, size_t *n, size_t *cap, const char *path)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		input *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
		*cap = nc;
	}
	(*v)[*n].path = strdup(path);
	(*v)[*n].report_name = NULL;
	return (*v)[(*n)++].path ? 0 : -1;
}

/*
 * The input files of a directory, in name order: not hidden, not
 * subdirectories, and named as an input format (.jsonl, .ndjson, .json,
 * .csv, .xml), so a LICENSE or README beside the declarations is left alone.
 */
static int add_dir(input **v, size_t *n, size_t *cap, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: cannot read directory '%s': %s\n", prog, dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t nn = 0, nc = 0;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t need = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(need);
		struct stat st;
		if (!path) {
			rc = -1;
			break;
		}
		snprintf(path, need, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || mctl_format_from_path(path) == MCTL_FORMAT_AUTO) {
			free(path);
			continue;
		}
		if (nn == nc) {
			nc = nc ? nc * 2 : 16;
			char **nv = realloc(names, nc * sizeof *nv);
			if (!nv) {
				free(path);
				rc = -1;
				break;
			}
			names = nv;
		}
		names[nn++] = path;
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, name_cmp);
	for (size_t i = 0; i < nn; i++) {
		if (rc == 0)
			rc = add_input(v, n, cap, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Expands the arguments (none: standard input) into inputs; checks each exists. */
static int list_inputs(screen *s, int argc, char **argv)
{
	size_t cap = 0;
	if (argc == 0)
		return add_input(&s->inputs, &s->ninputs, &cap, "-");
	for (int i = 0; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") == 0) {
			if (add_input(&s->inputs, &s->ninputs, &cap, "-") != 0)
				return -1;
			continue;
		}
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: cannot open '%s': %s\n", prog, argv[i], strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode) ? add_dir(&s->inputs, &s->ninputs, &cap, argv[i])
		                        : add_input(&s->inputs, &s->ninputs, &cap, argv[i]))
			return -1;
	}
	return 0;
}

/* Total bytes of the inputs, 0 when one of them is not a regular file. */
static uint64_t total_size(const screen *s)
{
	uint64_t total = 0;
	for (size_t i = 0; i < s->ninputs; i++) {
		struct stat st;
		if (strcmp(s->inputs[i].path, "-") == 0 ? fstat(STDIN_FILENO, &st) != 0 : stat(s->inputs[i].path, &st) != 0)
			return 0;
		if (!S_ISREG(st.st_mode))
			return 0;
		total += (uint64_t)st.st_size;
	}
	return total;
}

/* ---------------- the work of one batch ---------------- */

/* ---------------- watching the bundle ---------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t stamp_file(uint64_t h, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return mix(h, 1); /* a missing file is a change too */
	h = mix(h, (uint64_t)st.st_ino);
	h = mix(h, (uint64_t)st.st_size);
	h = mix(h, (uint64_t)st.st_mtim.tv_sec);
	return mix(h, (uint64_t)st.st_mtim.tv_nsec);
}

/*
 * What the bundle's files look like now: inode, size and modification time
 * of each file of policy p and of each folder holding one (a file added to
 * a folder that a `files:` pattern reads changes the folder).
 */
static uint64_t bundle_stamp(const char *path, const mctl_policy *p)
{
	struct stat st;
	char dir[4096], f[8192];
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof dir, "%s", path);
	} else {
		const char *slash = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	}
	uint64_t h = stamp_file(0, dir);
	for (size_t i = 0; p && i < mctl_policy_file_count(p); i++) {
		snprintf(f, sizeof f, "%s/%s", dir, mctl_policy_file_path(p, i));
		h = stamp_file(h, f);
		char *slash = strrchr(f, '/');
		if (slash && slash - f > (ptrdiff_t)strlen(dir)) {
			*slash = '\0';
			h = stamp_file(h, f);
		}
	}
	return h;
}

/* --watch: reloads the bundle when its files changed since the last look (at most once a second). */
static void look_at_bundle(screen *s)
{
	double t = now();
	if (!s->watch || t - s->last_look < 1.0)
		return;
	s->last_look = t;
	mctl_policy *cur = mctl_holder_acquire(s->holder);
	uint64_t st = bundle_stamp(s->policy_path, cur);
	if (st != s->stamp && st != s->bad_stamp) {
		mctl_error *err = NULL;
		int rc = mctl_holder_reload(s->holder, s->policy_path, &cli_load_options, &err);
		if (s->progress)
			fputs("\r\033[K", stderr);
		if (rc == MCTL_OK) {
			mctl_policy *np = mctl_holder_acquire(s->holder);
			s->stamp = bundle_stamp(s->policy_path, np);
			fprintf(stderr, "%s: policy reloaded: %s %s, %s\n", prog, mctl_policy_bundle(np), mctl_policy_version(np),
			        mctl_policy_digest(np));
			mctl_policy_unref(np);
		} else {
			s->bad_stamp = st;
			fprintf(stderr, "%s: policy not reloaded (%s), still screening with %s %s:\n", prog, mctl_strerror(rc),
			        mctl_policy_bundle(cur), mctl_policy_version(cur));
			print_errors(err);
		}
		mctl_error_free(err);
	}
	mctl_policy_unref(cur);
}

/*
 * An input whose records are parsed after reading (split): one reference
 * for reading and one per text waiting to be parsed. Whoever drops the last
 * closes the input, so an input stays open past its end only as long as
 * texts of it wait in batches.
 */
typedef struct open_input {
	source *src;
	atomic_uint refs;
	uint64_t first_seq; /* the batch holding its first text; 0 before one is taken (reading side only) */
} open_input;

static void unref_input(screen *s, open_input *oi)
{
	if (atomic_fetch_sub(&oi->refs, 1) != 1)
		return;
	source_close(oi->src);
	atomic_fetch_sub(&s->open_inputs, 1);
	free(oi);
}

/* Parses job j's text into its record; then the text's reference to its input goes. */
static void parse_text(screen *s, job *j)
{
	open_input *oi = j->oi;
	if (!j->failed &&
	    source_parse(oi->src, j->text, j->text_len, j->offset, &j->line, j->rec, j->msg, sizeof j->msg) != SOURCE_OK)
		j->failed = true;
	j->oi = NULL;
	unref_input(s, oi);
}

static void classify_batch(screen *s, batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		job *j = &b->jobs[i];
		mctl_result_free(j->res); /* from the batch's last round (see write_batch) */
		j->res = NULL;
		free(j->canon);
		j->canon = NULL;
		if (j->oi)
			parse_text(s, j);
		if (j->failed)
			continue;
		mctl_error *err = NULL;
		if (mctl_classify(b->policy, j->rec, &j->res, &err) != MCTL_OK) {
			snprintf(j->msg, sizeof j->msg, "%s", err ? mctl_error_message(err) : "classification failed");
			mctl_error_free(err);
			j->failed = true;
			continue;
		}
		if (s->audit && (mctl_record_digest(j->rec, j->sha256) != MCTL_OK ||
		                 (s->audit_records && mctl_record_to_json(j->rec, &j->canon) != MCTL_OK))) {
			mctl_result_free(j->res);
			j->res = NULL;
			snprintf(j->msg, sizeof j->msg, "out of memory");
			j->failed = true;
		}
	}
}

/* "N records  R records/s  P%  ETA h:mm:ss" on a terminal, at most four times a second. */
static void show_progress(screen *s, uint64_t bytes)
{
	double t = now();
	if (!s->progress || t - s->last_draw < 0.25)
		return;
	s->last_draw = t;
	size_t n = s->records + s->errors;
	double el = t - s->t0, rate = el > 0 ? (double)n / el : 0;
	fprintf(stderr, "\r\033[K%zu records  %.0f records/s", n, rate);
	if (s->total_bytes && bytes && bytes <= s->total_bytes) {
		double frac = (double)bytes / (double)s->total_bytes;
		long eta = (long)(el / frac - el + 0.5);
		fprintf(stderr, "  %3.0f%%  ETA %ld:%02ld:%02ld", frac * 100, eta / 3600, eta / 60 % 60, eta % 60);
	}
}

/* Writes a classified batch to the report and the audit trail, then frees what the jobs hold. */
static void write_batch(screen *s, batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		job *j = &b->jobs[i];
		const input *in = &s->inputs[j->input];
		int rc = MCTL_OK;
		if (s->fatal) {
			/* the report cannot be written: only release */
		} else if (!j->failed) {
			rc = mctl_writer_write(s->writer, j->res, in->report_name, j->line);
			if (rc == MCTL_OK && s->audit &&
			    audit_add(s->audit, j->res, in->path, j->line, j->sha256, j->canon) != 0)
				rc = MCTL_ENOMEM;
			s->records++;
		} else {
			rc = mctl_writer_write_error(s->writer, in->report_name, j->line, j->msg);
			if (s->progress)
				fputs("\r\033[K", stderr);
			if (s->ninputs > 1)
				fprintf(stderr, "%s: %s: line %zu: %s\n", prog, in->path, j->line, j->msg);
			else
				fprintf(stderr, "%s: line %zu: %s\n", prog, j->line, j->msg);
			s->errors++;
		}
		if (rc != MCTL_OK && !s->fatal) {
			fprintf(stderr, "%s: cannot write the report: %s\n", prog, mctl_strerror(rc));
			s->fatal = rc;
		}
		/* the result and canon are freed by the next classify_batch() of
		 * this batch, just before it allocates new ones: freeing them
		 * here, on whichever thread writes, measured slower */
		j->failed = false;
		if (j->text_cap > (64u << 10)) { /* keep no huge line's buffer */
			free(j->text);
			j->text = NULL;
			j->text_cap = 0;
		}
	}
	/* everything decided so far reaches the report and the audit trail */
	if (!s->fatal && mctl_writer_flush(s->writer) != MCTL_OK) {
		fprintf(stderr, "%s: cannot write the report: %s\n", prog, strerror(errno));
		s->fatal = MCTL_EIO;
	}
	if (!s->fatal && s->audit && audit_flush(s->audit) != 0) {
		fprintf(stderr, "%s: cannot write the audit trail: %s\n", prog, strerror(errno));
		s->fatal = MCTL_EIO;
	}
	show_progress(s, b->bytes);
	mctl_policy_unref(b->policy);
	b->policy = NULL;
	b->n = 0;
	b->done = false;
}

/* ---------------- batches ---------------- */

static batch *new_batches(size_t count)
{
	batch *v = calloc(count, sizeof *v);
	for (size_t i = 0; v && i < count; i++)
		for (size_t k = 0; k < BATCH; k++)
			if (mctl_record_new(&v[i].jobs[k].rec, NULL) != MCTL_OK) {
				for (size_t a = 0; a <= i; a++)
					for (size_t c = 0; c < BATCH; c++)
						mctl_record_free(v[a].jobs[c].rec);
				free(v);
				return NULL;
			}
	return v;
}

static void free_batches(batch *v, size_t count)
{
	for (size_t i = 0; v && i < count; i++)
		for (size_t k = 0; k < BATCH; k++) {
			mctl_record_free(v[i].jobs[k].rec);
			mctl_result_free(v[i].jobs[k].res);
			free(v[i].jobs[k].canon);
			free(v[i].jobs[k].text);
		}
	free(v);
}

static batch *take_free(screen *s)
{
	pthread_mutex_lock(&s->mu);
	while (!s->free_list)
		pthread_cond_wait(&s->cv_free, &s->mu);
	batch *b = s->free_list;
	s->free_list = b->next_free;
	pthread_mutex_unlock(&s->mu);
	return b;
}

/* Caller holds mu. */
static void give_back(screen *s, batch *b)
{
	b->next_free = s->free_list;
	s->free_list = b;
	pthread_cond_signal(&s->cv_free);
}

/*
 * b is classified. Unless another thread is writing, this one writes the
 * oldest batches while they are classified, in reading order.
 */
static void finish(screen *s, batch *b)
{
	pthread_mutex_lock(&s->mu);
	b->done = true;
	if (!s->writing) {
		s->writing = true;
		while (s->out_head && s->out_head->done) {
			batch *w = s->out_head;
			s->out_head = w->next_out;
			if (!s->out_head)
				s->out_tail = NULL;
			pthread_mutex_unlock(&s->mu);
			write_batch(s, w);
			pthread_mutex_lock(&s->mu);
			give_back(s, w);
		}
		s->writing = false;
	}
	pthread_mutex_unlock(&s->mu);
}

/* ---------------- reading ---------------- */

/* Copies a record's text into the job, for the classifying thread to parse. 0, or -1 out of memory. */
static int keep_text(job *j, const char *text, size_t len)
{
	j->text_len = 0;
	if (cli_append(&j->text, &j->text_len, &j->text_cap, 512, text, len) != 0)
		return -1;
	j->text[len] = '\0';
	return 0;
}

/* The current input is read to the end; b is the batch being filled. */
static void end_input(screen *s, batch *b)
{
	s->done_bytes += source_offset(s->src);
	s->in_input = false;
	open_input *oi = s->oi;
	if (!oi) /* parsed while reading: nothing waits for it */
		source_close(s->src);
	s->oi = NULL;
	s->src = NULL;
	if (!oi)
		return;
	if (oi->first_seq == b->seq && atomic_load(&s->open_inputs) > MAX_OPEN) {
		/* too many open already, and all its texts are in b: parse them here */
		for (size_t i = 0; i < b->n; i++)
			if (b->jobs[i].oi == oi)
				parse_text(s, &b->jobs[i]);
	}
	unref_input(s, oi);
}

/* Reads the next record of the current input into j. SOURCE_OK, _BAD or _DONE. */
static int read_one(screen *s, job *j, uint64_t seq)
{
	j->oi = NULL;
	if (s->open_failed) { /* the input could not be opened: one error for it */
		s->open_failed = false;
		s->line = 0;
		snprintf(j->msg, sizeof j->msg, "%s", s->open_msg);
		return SOURCE_BAD;
	}
	if (!s->src)
		return SOURCE_DONE;
	if (!s->oi)
		return source_next(s->src, j->rec, &s->line, j->msg, sizeof j->msg);
	const char *text = NULL;
	size_t len = 0;
	int got = source_next_text(s->src, &text, &len, &j->offset, &s->line, j->msg, sizeof j->msg);
	if (got != SOURCE_OK)
		return got;
	if (keep_text(j, text, len) != 0) {
		snprintf(j->msg, sizeof j->msg, "out of memory");
		return SOURCE_BAD;
	}
	if (!s->oi->first_seq)
		s->oi->first_seq = seq;
	atomic_fetch_add(&s->oi->refs, 1);
	j->oi = s->oi;
	return SOURCE_OK;
}

/*
 * Fills b with the next records of the inputs and queues it for writing.
 * Caller holds read_mu. Leaves b->n == 0 when everything is read (or
 * reading must stop).
 */
static void fill(screen *s, batch *b)
{
	b->n = 0;
	b->done = false;
	b->seq = ++s->seq;
	while (b->n < BATCH && !atomic_load(&stop_signal) && !s->fatal) {
		if (!s->in_input) {
			if (s->next_input >= s->ninputs)
				break;
			s->cur_input = s->next_input++;
			s->in_input = true;
			s->line = 0;
			s->open_failed = source_open(&s->src, s->inputs[s->cur_input].path, s->so, s->open_msg,
			                             sizeof s->open_msg) != 0;
			if (s->threads > 1 && !s->open_failed && source_splits(s->src) &&
			    (s->oi = calloc(1, sizeof *s->oi))) { /* (out of memory: parsed while reading) */
				s->oi->src = s->src;
				atomic_init(&s->oi->refs, 1);
				atomic_fetch_add(&s->open_inputs, 1);
			}
		}
		job *j = &b->jobs[b->n];
		int got = read_one(s, j, b->seq);
		if (got == SOURCE_DONE) {
			end_input(s, b);
			continue;
		}
		if (b->n == 0) { /* a new batch: the policy that will decide it */
			look_at_bundle(s);
			b->policy = mctl_holder_acquire(s->holder);
		}
		j->input = s->cur_input;
		j->line = s->line;
		j->failed = got != SOURCE_OK;
		b->n++;
	}
	b->bytes = s->done_bytes + source_offset(s->src);
	if (b->n) {
		pthread_mutex_lock(&s->mu);
		b->next_out = NULL;
		if (s->out_tail)
			s->out_tail->next_out = b;
		else
			s->out_head = b;
		s->out_tail = b;
		pthread_mutex_unlock(&s->mu);
	} else {
		s->seq--;
	}
}

/* ---------------- threads ---------------- */

static void *work(void *arg)
{
	screen *s = arg;
	for (;;) {
		batch *b = take_free(s);
		pthread_mutex_lock(&s->read_mu);
		fill(s, b);
		pthread_mutex_unlock(&s->read_mu);
		if (!b->n) {
			pthread_mutex_lock(&s->mu);
			give_back(s, b);
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		classify_batch(s, b);
		finish(s, b);
	}
}

static void *thread_main(void *arg)
{
	pthread_setname_np(pthread_self(), "mctl-screen"); /* for top -H and perf */
	return work(arg);
}

/*
 * Reads every input into batches and has them decided and written by
 * `threads` threads. Returns 0, or -1 when the report could not be written.
 */
static int run(screen *s, const source_options *so, unsigned threads)
{
	size_t nbatches = 2 * (size_t)threads + 2;
	batch *batches = new_batches(nbatches);
	if (!batches) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	s->so = so;
	s->threads = threads;
	pthread_mutex_init(&s->read_mu, NULL);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv_free, NULL);
	for (size_t i = 0; i < nbatches; i++) {
		batches[i].next_free = s->free_list;
		s->free_list = &batches[i];
	}
	pthread_t tids[MAX_JOBS];
	unsigned started = 0;
	/* signals go to this thread only */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (unsigned i = 1; i < threads; i++)
		if (pthread_create(&tids[started], NULL, thread_main, s) == 0)
			started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started + 1 < threads)
		fprintf(stderr, "%s: could start only %u of %u threads\n", prog, started + 1, threads);
	work(s);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	/* reading stopped on a signal or a write error: every text was parsed, the input can go */
	if (s->oi)
		unref_input(s, s->oi);
	else
		source_close(s->src);
	s->oi = NULL;
	s->src = NULL;
	pthread_mutex_destroy(&s->read_mu);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv_free);
	free_batches(batches, nbatches);
	return s->fatal ? -1 : 0;
}

static void screen_usage(FILE *f)
{
	fprintf(f,
	        "usage: %s screen [OPTIONS] [FILE|DIR|-]...\n"
	        "  -p, --policy PATH       policy bundle (default: $MINERALCTL_POLICY, else the installed one)\n"
	        "  -d, --date YYYY-MM-DD   date of records that give none (default: today)\n"
	        "  -F, --format FMT        report: jsonl (default), csv, xml or table\n"
	        "      --only-flagged      leave clear records without flags out of the report\n"
	        "      --input FMT         input format: jsonl, csv or wco (default: from the file name)\n"
	        "  -j, --jobs N            classify in N threads (default 1); output order is kept\n"
	        "      --audit FILE        append one JSON line per decision to FILE\n"
	        "      --audit-records     also store each canonical record in the audit trail\n"
	        "      --watch             reload the policy when its files change (between records)\n"
	        "Records are read from each FILE, from the files of each DIR in name order, or from\n"
	        "standard input. Exit status: 0 all records screened, 1 some could not be read,\n"
	        "2 usage, policy or output errors, 130 interrupted (SIGINT; 143 for SIGTERM).\n",
	        prog);
}

int cmd_screen(int argc, char **argv)
{
	enum { OPT_ONLY_FLAGGED = 256, OPT_INPUT, OPT_AUDIT, OPT_AUDIT_RECORDS, OPT_WATCH };
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "only-flagged", no_argument, NULL, OPT_ONLY_FLAGGED },
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "audit", required_argument, NULL, OPT_AUDIT },
		{ "audit-records", no_argument, NULL, OPT_AUDIT_RECORDS },
		{ "watch", no_argument, NULL, OPT_WATCH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *policy = NULL, *audit_path = NULL;
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	source_options so = { NULL, NULL };
	mctl_report_format fmt = MCTL_REPORT_JSONL;
	mctl_writer_options wo = MCTL_WRITER_OPTIONS_INIT;
	bool audit_records = false, watch = false;
	unsigned threads = 1;
	int c;
	while ((c = getopt_long(argc, argv, "p:d:F:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'd':
			so.default_date = optarg;
			if (!valid_date(optarg)) {
				fprintf(stderr, "%s: --date: '%s' is not a calendar date YYYY-MM-DD\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'F':
			if (mctl_report_format_parse(optarg, &fmt) != MCTL_OK) {
				fprintf(stderr, "%s: --format is jsonl, csv, xml or table\n", prog);
				return EXIT_USAGE;
			}
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > MAX_JOBS) {
				fprintf(stderr, "%s: --jobs is a number of threads from 1 to %d\n", prog, MAX_JOBS);
				return EXIT_USAGE;
			}
			threads = (unsigned)n;
			break;
		}
		case OPT_ONLY_FLAGGED: wo.flags |= MCTL_WRITER_ONLY_FLAGGED; break;
		case OPT_INPUT:
			if (!source_format_known(optarg)) {
				fprintf(stderr, "%s: --input %s: the input format is %s\n", prog, optarg, source_formats);
				return EXIT_USAGE;
			}
			so.format = optarg;
			break;
		case OPT_AUDIT: audit_path = optarg; break;
		case OPT_AUDIT_RECORDS: audit_records = true; break;
		case OPT_WATCH: watch = true; break;
		case 'h': screen_usage(stdout); return 0;
		default: screen_usage(stderr); return EXIT_USAGE;
		}
	}
	if (audit_records && !audit_path) {
		fprintf(stderr, "%s: --audit-records needs --audit FILE\n", prog);
		return EXIT_USAGE;
	}
	screen s;
	memset(&s, 0, sizeof s);
	s.audit_records = audit_records;
	int rc = EXIT_USAGE;
	char msg[1024];
	if (list_inputs(&s, argc - optind, argv + optind) != 0)
		goto out;
	/* JSON Lines from one input stays as it always was; other reports name the file */
	for (size_t i = 0; i < s.ninputs; i++)
		s.inputs[i].report_name = fmt == MCTL_REPORT_JSONL && s.ninputs == 1 ? NULL
		                          : strcmp(s.inputs[i].path, "-") == 0 ? NULL : s.inputs[i].path;
	p = load_policy(policy);
	if (!p)
		goto out;
	if (mctl_holder_new(&s.holder, p) != MCTL_OK) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out_policy;
	}
	s.watch = watch;
	s.policy_path = policy ? policy : default_policy();
	s.stamp = bundle_stamp(s.policy_path, p);
	s.last_look = now();
	if (audit_path && audit_open(&s.audit, audit_path, msg, sizeof msg) != 0) {
		fprintf(stderr, "%s: %s\n", prog, msg);
		goto out_policy;
	}
	if (mctl_writer_new(&s.writer, fmt, stdout, &wo, &err) != MCTL_OK) {
		fprintf(stderr, "%s: %s\n", prog, mctl_error_message(err));
		mctl_error_free(err);
		goto out_audit;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_RESETHAND; /* a second signal ends the process at once */
	sigemptyset(&sa.sa_mask);
	atomic_store(&stop_signal, 0);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	s.progress = isatty(STDERR_FILENO);
	s.total_bytes = s.progress ? total_size(&s) : 0;
	s.t0 = now(); /* last_draw 0: the bar shows from the first batch */

	int failed = run(&s, &so, threads), wrc;
	if (!failed && (wrc = mctl_writer_finish(s.writer)) != MCTL_OK) {
		fprintf(stderr, "%s: cannot write the report: %s\n", prog, mctl_strerror(wrc));
		failed = 1;
	}
	if (s.progress)
		fputs("\r\033[K", stderr);
	fprintf(stderr,
	        "%s: %s%zu records screened: %zu prohibited, %zu license_required, %zu review, %zu clear; %zu line errors\n",
	        prog, stop_signal ? "interrupted: " : "", s.records, mctl_writer_count(s.writer, MCTL_VERDICT_PROHIBITED),
	        mctl_writer_count(s.writer, MCTL_VERDICT_LICENSE_REQUIRED), mctl_writer_count(s.writer, MCTL_VERDICT_REVIEW),
	        mctl_writer_count(s.writer, MCTL_VERDICT_CLEAR), s.errors);
	rc = failed ? EXIT_USAGE : stop_signal ? 128 + stop_signal : s.errors ? EXIT_LINE_ERRORS : 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	mctl_writer_free(s.writer);
out_audit:
	if (s.audit && audit_close(s.audit) != 0) {
		fprintf(stderr, "%s: cannot write the audit trail: %s\n", prog, strerror(errno));
		rc = EXIT_USAGE;
	}
out_policy:
	mctl_holder_free(s.holder);
	mctl_policy_unref(p);
out:
	for (size_t i = 0; i < s.ninputs; i++)
		free(s.inputs[i].path);
	free(s.inputs);
	return rc;
}
