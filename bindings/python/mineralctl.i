/*
 * bindings/python/mineralctl.i - the Python extension mineralctl._core.
 *
 * The low layer only: the handles of ../swig/mineralctl.i as the module
 * mineralctl.core (with its C part mineralctl._core). The API people use is
 * mineralctl/__init__.py, built on top of it.
 *
 * The module is "core", not "_something": SWIG names that start with two
 * underscores would be name-mangled by Python inside the proxy classes.
 */
%module(package="mineralctl", threads="1") core

/*
 * The GIL. Only classifying (Policy.classify, and classify_fields below) and
 * writing a result's JSON run long enough to be worth releasing the GIL for
 * (the record and the policy stay untouched by other threads meanwhile: one
 * record per thread, the policy and results are immutable). Releasing it
 * around every getter and setter too (swig -threads) makes two threads hand
 * the GIL back and forth a dozen times per record; see doc/decisions.md.
 */
%nothread;
%thread Policy::classify;
%thread Result::to_json;

/*
 * Text in, without copies: a str gives its UTF-8 (cached in the str object),
 * bytes are passed as they are (how the package passes text holding lone
 * surrogates, or bytes a caller gives). Defined before the shared file's
 * %apply, which copies it to (const char *utf8, size_t len).
 */
%typemap(in) (const char *STRING, size_t LENGTH) (Py_ssize_t tmp_len = 0) {
	if (PyBytes_Check($input)) {
		char *tmp_s = NULL;
		if (PyBytes_AsStringAndSize($input, &tmp_s, &tmp_len) < 0)
			SWIG_fail;
		$1 = tmp_s;
	} else if (PyUnicode_Check($input)) {
		$1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &tmp_len);
		if (!$1)
			SWIG_fail; /* UnicodeEncodeError: a lone surrogate */
	} else {
		PyErr_Format(PyExc_TypeError, "expected str or bytes, not %s", Py_TYPE($input)->tp_name);
		SWIG_fail;
	}
	$2 = (size_t)tmp_len;
}

/* File names: str, bytes or os.PathLike, as open() takes them. */
%typemap(in) const char *path (PyObject *tmp_path = NULL) {
	if (!PyUnicode_FSConverter($input, &tmp_path))
		SWIG_fail;
	$1 = PyBytes_AS_STRING(tmp_path);
}
%typemap(freearg) const char *path {
	Py_XDECREF(tmp_path$argnum);
}

%{
/* The Python side's helpers; they need only the public API. */
#include <string.h>
#include <mineralctl.h>

/* Text from the library: UTF-8, any stray byte replaced; NULL is None. */
static PyObject *mctl_py_none(void)
{
	Py_INCREF(Py_None);
	return Py_None;
}
static PyObject *mctl_py_text(const char *s)
{
	return s ? PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace") : mctl_py_none();
}
/* File names (and text that holds them) decode as os.fsdecode() would. */
static PyObject *mctl_py_path(const char *s)
{
	return s ? PyUnicode_DecodeFSDefault(s) : mctl_py_none();
}

/*
 * Exceptions are built by mineralctl._errors._from_core (pure Python, so the
 * classes are ordinary, picklable and documented there), from the whole
 * diagnostic chain.
 */
static PyObject *mctl_py_make = NULL; /* mineralctl._errors._from_core, kept for the process */

/*
 * Sets the Python exception of `kind` ("policy", "record" or "error") for a
 * failed status, from the diagnostic chain err, or from msg when there is no
 * chain (NULL: the status's name).
 */
static void mctl_py_set_error(const char *kind, int status, const mctl_error *err, const char *msg)
{
	if (!mctl_py_make) {
		PyObject *mod = PyImport_ImportModule("mineralctl._errors");
		if (mod) {
			mctl_py_make = PyObject_GetAttrString(mod, "_from_core");
			Py_DECREF(mod);
		}
		if (!mctl_py_make) {
			PyErr_Clear();
			PyErr_Format(PyExc_RuntimeError, "mineralctl: %s (%d)", msg ? msg : mctl_strerror(status), status);
			return;
		}
	}
	PyObject *diags = PyList_New(0);
	for (const mctl_error *d = err; diags && d; d = mctl_error_next(d)) {
		char buf[1024];
		mctl_error_format(d, buf, sizeof buf);
		size_t off = mctl_error_offset(d);
		/* "N" hands our new references to the tuple. */
		PyObject *t = Py_BuildValue("(iNNiiNNN)", mctl_error_code(d), mctl_py_text(mctl_error_message(d)),
		                             mctl_py_path(mctl_error_file(d)), (int)mctl_error_line(d),
		                             (int)mctl_error_column(d),
		                             off == (size_t)-1 ? mctl_py_none() : PyLong_FromSize_t(off),
		                             mctl_py_text(mctl_error_path(d)), mctl_py_path(buf));
		if (!t || PyList_Append(diags, t) < 0) {
			Py_XDECREF(t);
			Py_CLEAR(diags);
			break;
		}
		Py_DECREF(t);
	}
	if (!diags)
		return; /* the exception that stopped us is set */
	PyObject *exc = PyObject_CallFunction(mctl_py_make, "sisO", kind, status,
	                                      msg ? msg : mctl_strerror(status), diags);
	Py_DECREF(diags);
	if (!exc)
		return;
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}

/*
 * For Policy.classify_fields (below): fill a record and classify it in one
 * call, the GIL released only while the library classifies. What runs under
 * the GIL must stay a small part of a classification for threads to scale:
 * one call from Python per record, dictionary look-ups with interned keys,
 * no copies of str values beyond their cached UTF-8.
 */
/* The record keys, in the order of mineralctl.RECORD_KEYS (the tuple form). */
enum { K_ID, K_DESCRIPTION, K_DESCRIPTION2, K_CODE, K_ORIGIN, K_FROM, K_TO, K_DATE, K_CHANNEL,
       K_END_USE, K_QUANTITY, K_UNIT, K_VALUE, K_CURRENCY, K_ROUTE, K_COMPONENTS, K_COUNT };
static const char *const mctl_py_key_names[K_COUNT] = {
	"id", "description", "description2", "code", "origin", "from", "to", "date", "channel",
	"end_use", "quantity", "unit", "value", "currency", "route", "components" };
/* The text keys in mctl_field order. */
static const int mctl_py_text_keys[MCTL_FIELD_COUNT_] = {
	K_ID, K_DESCRIPTION, K_DESCRIPTION2, K_CODE, K_ORIGIN, K_FROM, K_TO, K_DATE, K_CHANNEL,
	K_END_USE, K_UNIT, K_CURRENCY };
static PyObject *mctl_py_keys[K_COUNT + 5]; /* interned; then from_, material, origin, value_share, weight_share */
enum { K_FROM_ = K_COUNT, K_MATERIAL, K_C_ORIGIN, K_VALUE_SHARE, K_WEIGHT_SHARE };

static int mctl_py_intern_keys(void)
{
	static const char *const more[] = { "from_", "material", "origin", "value_share", "weight_share" };
	if (mctl_py_keys[0])
		return 0;
	for (int i = 0; i < K_COUNT + 5; i++) {
		PyObject *k = PyUnicode_InternFromString(i < K_COUNT ? mctl_py_key_names[i] : more[i - K_COUNT]);
		if (!k)
			return -1;
		mctl_py_keys[i] = k;
	}
	return 0;
}

/* Raises RecordError with a message of the binding's own (the CLI's wording). */
static int mctl_py_record_error(const char *fmt, const char *arg)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, arg);
	mctl_py_set_error("record", MCTL_EINVAL, NULL, msg);
	return MCTL_EINVAL;
}

/* Raises RecordError from a library diagnostic chain, and frees it. */
static int mctl_py_record_failed(int rc, mctl_error *err)
{
	mctl_py_set_error("record", rc, err, NULL);
	mctl_error_free(err);
	return rc;
}

/*
 * The UTF-8 bytes of a str (lone surrogates as their 3-byte invalid
 * encoding, which the library replaces and flags) or of bytes (as they are).
 * *tmp receives a reference to release when an encoding had to be made.
 * Returns 0, -1 when v is neither str nor bytes, -2 with an exception set.
 */
static int mctl_py_utf8(PyObject *v, const char **s, Py_ssize_t *n, PyObject **tmp)
{
	*tmp = NULL;
	if (PyUnicode_Check(v)) {
		*s = PyUnicode_AsUTF8AndSize(v, n);
		if (*s)
			return 0;
		PyErr_Clear();
		*tmp = PyUnicode_AsEncodedString(v, "utf-8", "surrogatepass");
		if (!*tmp)
			return -2;
		*s = PyBytes_AS_STRING(*tmp);
		*n = PyBytes_GET_SIZE(*tmp);
		return 0;
	}
	if (PyBytes_Check(v)) {
		*s = PyBytes_AS_STRING(v);
		*n = PyBytes_GET_SIZE(v);
		return 0;
	}
	return -1;
}

/* A number, not a bool or text: int, float, or anything with __float__ (numpy). */
static int mctl_py_number(PyObject *v, double *out)
{
	if (PyFloat_CheckExact(v)) {
		*out = PyFloat_AS_DOUBLE(v);
		return 0;
	}
	if (PyBool_Check(v) || PyUnicode_Check(v) || PyBytes_Check(v))
		return -1;
	double d = PyFloat_AsDouble(v);
	if (d == -1.0 && PyErr_Occurred()) {
		PyErr_Clear();
		return -1;
	}
	*out = d;
	return 0;
}

static int mctl_py_add_route(mctl_record *r, const char *c)
{
	mctl_error *err = NULL;
	int rc = mctl_record_add_route(r, c, &err);
	return rc ? mctl_py_record_failed(rc, err) : MCTL_OK;
}

/* route: a sequence of country codes, or one string of them separated by commas or blanks. */
static int mctl_py_route(mctl_record *r, PyObject *v)
{
	static const char msg[] = "'route' must be an array of country codes";
	if (PyUnicode_Check(v) || PyBytes_Check(v)) {
		const char *s;
		Py_ssize_t n;
		PyObject *tmp;
		if (mctl_py_utf8(v, &s, &n, &tmp) < 0)
			return PyErr_Occurred() ? MCTL_ENOMEM : mctl_py_record_error(msg, NULL);
		int rc = MCTL_OK;
		for (Py_ssize_t i = 0; i < n && rc == MCTL_OK;) {
			while (i < n && strchr(", \t\r\n", s[i]))
				i++;
			Py_ssize_t j = i;
			while (j < n && !strchr(", \t\r\n", s[j]))
				j++;
			if (j > i) {
				char *c = PyMem_Malloc((size_t)(j - i) + 1);
				if (!c) {
					PyErr_NoMemory();
					rc = MCTL_ENOMEM;
					break;
				}
				memcpy(c, s + i, (size_t)(j - i));
				c[j - i] = '\0';
				rc = mctl_py_add_route(r, c);
				PyMem_Free(c);
			}
			i = j;
		}
		Py_XDECREF(tmp);
		return rc;
	}
	PyObject *seq = PyDict_Check(v) ? NULL : PySequence_Fast(v, msg);
	if (!seq) {
		PyErr_Clear();
		return mctl_py_record_error(msg, NULL);
	}
	int rc = MCTL_OK;
	for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq) && rc == MCTL_OK; i++) {
		PyObject *c = PySequence_Fast_GET_ITEM(seq, i);
		const char *s = PyUnicode_Check(c) ? PyUnicode_AsUTF8(c) : NULL;
		if (!s) {
			PyErr_Clear();
			rc = mctl_py_record_error(msg, NULL);
		} else {
			rc = mctl_py_add_route(r, s);
		}
	}
	Py_DECREF(seq);
	return rc;
}

/* components: a sequence of dicts {material, origin, value_share, weight_share}. */
static int mctl_py_components(mctl_record *r, PyObject *v)
{
	static const char msg[] = "'components' must be an array of {material, origin, value_share, weight_share}";
	PyObject *seq = PyDict_Check(v) || PyUnicode_Check(v) || PyBytes_Check(v) ? NULL : PySequence_Fast(v, msg);
	if (!seq) {
		PyErr_Clear();
		return mctl_py_record_error(msg, NULL);
	}
	int rc = MCTL_OK;
	for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq) && rc == MCTL_OK; i++) {
		PyObject *c = PySequence_Fast_GET_ITEM(seq, i);
		if (!PyDict_Check(c)) {
			rc = mctl_py_record_error(msg, NULL);
			break;
		}
		PyObject *m = PyDict_GetItemWithError(c, mctl_py_keys[K_MATERIAL]);
		PyObject *o = PyDict_GetItemWithError(c, mctl_py_keys[K_C_ORIGIN]);
		PyObject *vs = PyDict_GetItemWithError(c, mctl_py_keys[K_VALUE_SHARE]);
		PyObject *ws = PyDict_GetItemWithError(c, mctl_py_keys[K_WEIGHT_SHARE]);
		double vsd = -1, wsd = -1;
		const char *ms = m && PyUnicode_Check(m) ? PyUnicode_AsUTF8(m) : NULL;
		const char *os = o && PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : NULL;
		if (PyErr_Occurred())
			PyErr_Clear();
		if (!ms || (o && o != Py_None && !os) || (vs && vs != Py_None && mctl_py_number(vs, &vsd) < 0) ||
		    (ws && ws != Py_None && mctl_py_number(ws, &wsd) < 0)) {
			rc = mctl_py_record_error(msg, NULL);
			break;
		}
		mctl_error *err = NULL;
		rc = mctl_record_add_component(r, ms, os, vsd, wsd, &err);
		if (rc)
			mctl_py_record_failed(rc, err);
	}
	Py_DECREF(seq);
	return rc;
}

/*
 * Fills r from fields, a dict with the record keys ("from" or "from_") or a
 * tuple in RECORD_KEYS order, as `mineralctl screen` reads a JSON record: the
 * same checks in the same order, with the same messages. None is a missing
 * value; default_date (None or a date) is the date of a record without one.
 * Returns MCTL_OK, or a negative status with RecordError (or MemoryError) set.
 */
static int mctl_py_fill(mctl_record *r, PyObject *fields, PyObject *default_date)
{
	PyObject *v[K_COUNT];
	if (mctl_py_intern_keys() < 0)
		return MCTL_ENOMEM;
	if (PyTuple_Check(fields) && PyTuple_GET_SIZE(fields) == K_COUNT) {
		for (int i = 0; i < K_COUNT; i++)
			v[i] = PyTuple_GET_ITEM(fields, i);
	} else if (PyDict_Check(fields)) {
		for (int i = 0; i < K_COUNT; i++)
			v[i] = PyDict_GetItemWithError(fields, mctl_py_keys[i]);
		if (!v[K_FROM] || v[K_FROM] == Py_None)
			v[K_FROM] = PyDict_GetItemWithError(fields, mctl_py_keys[K_FROM_]);
		if (PyErr_Occurred())
			return MCTL_EINVAL;
	} else {
		PyErr_SetString(PyExc_TypeError, "fields must be a dict or a tuple of the record keys");
		return MCTL_EINVAL;
	}
	for (int i = 0; i < K_COUNT; i++)
		if (v[i] == Py_None)
			v[i] = NULL;

	mctl_record_clear(r);
	mctl_error *err = NULL;
	int rc;
	if (default_date && default_date != Py_None) {
		const char *s;
		Py_ssize_t n;
		PyObject *tmp;
		if (mctl_py_utf8(default_date, &s, &n, &tmp) < 0)
			return PyErr_Occurred() ? MCTL_ENOMEM : mctl_py_record_error("the default date must be a string", NULL);
		rc = mctl_record_set(r, MCTL_FIELD_DATE, s, (size_t)n, &err);
		Py_XDECREF(tmp);
		if (rc)
			return mctl_py_record_failed(rc, err);
	}
	for (int f = 0; f < MCTL_FIELD_COUNT_; f++) {
		int k = mctl_py_text_keys[f];
		PyObject *x = v[k], *num = NULL, *tmp = NULL;
		const char *s;
		Py_ssize_t n;
		if (!x)
			continue;
		if (f == MCTL_FIELD_ID && PyLong_Check(x) && !PyBool_Check(x)) {
			num = x = PyObject_Str(x);
			if (!x)
				return MCTL_ENOMEM;
		}
		int u = mctl_py_utf8(x, &s, &n, &tmp);
		if (u < 0) {
			Py_XDECREF(num);
			return u == -2 ? MCTL_ENOMEM : mctl_py_record_error("'%s' must be a string", mctl_py_key_names[k]);
		}
		rc = f == MCTL_FIELD_CODE && n == 0 ? MCTL_OK /* an empty code is no code */
		                                    : mctl_record_set(r, (mctl_field)f, s, (size_t)n, &err);
		Py_XDECREF(tmp);
		Py_XDECREF(num);
		if (rc)
			return mctl_py_record_failed(rc, err);
	}
	if (v[K_ROUTE] && (rc = mctl_py_route(r, v[K_ROUTE])) != MCTL_OK)
		return rc;
	if (v[K_COMPONENTS] && (rc = mctl_py_components(r, v[K_COMPONENTS])) != MCTL_OK)
		return rc;
	for (int k = K_QUANTITY; k <= K_VALUE; k += K_VALUE - K_QUANTITY) {
		double d;
		if (!v[k])
			continue;
		if (mctl_py_number(v[k], &d) < 0)
			return mctl_py_record_error("'%s' must be a number", mctl_py_key_names[k]);
		rc = k == K_QUANTITY ? mctl_record_set_quantity(r, d) : mctl_record_set_value(r, d);
		if (rc)
			return mctl_py_record_error("'%s' must be a non-negative number", mctl_py_key_names[k]);
	}
	size_t l1 = 0, l2 = 0, l3 = 0;
	const char *d1 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION, &l1);
	const char *d2 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION2, &l2);
	const char *cd = mctl_record_get(r, MCTL_FIELD_CODE, &l3);
	if ((!d1 || !l1) && (!d2 || !l2) && (!cd || !l3))
		return mctl_py_record_error("a record needs a description or a code", NULL);
	return MCTL_OK;
}
%}

%include "swig/mineralctl.i"

%{
/*
 * MCTL_SWIG_RAISE for Python. The wrapper's own name says what failed:
 * loading a policy gives PolicyError, setting a record field RecordError,
 * anything else (out of memory in classify ...) Error. An exception the
 * binding's own code raised already (classify_fields' record checks) stays.
 */
static void mctl_py_raise(int status, const mctl_error *err, const char *where)
{
	if (PyErr_Occurred())
		return; /* raised already, with more to say, by the binding's own code */
	const char *kind = "error";
	if (strstr(where, "new_Policy"))
		kind = "policy";
	else if (strstr(where, "Record_"))
		kind = "record";
	mctl_py_set_error(kind, status, err, NULL);
}
#define MCTL_SWIG_RAISE(status, err) mctl_py_raise((status), (err), __func__)
%}

%extend Policy {
	/*
	 * Fills r from fields (a dict with the record keys, or a tuple in
	 * mineralctl.RECORD_KEYS order; see mctl_py_fill) and classifies it with
	 * the GIL released. A malformed record raises RecordError.
	 */
	%newobject classify_fields;
	Result *classify_fields(Record *r, PyObject *fields, PyObject *default_date, mctl_swig_err *e) {
		int rc = mctl_py_fill(r, fields, default_date);
		if (rc != MCTL_OK) {
			mctl_swig_fail(e, rc);
			return NULL;
		}
		mctl_result *res = NULL;
		Py_BEGIN_ALLOW_THREADS
		rc = mctl_classify($self, r, &res, &e->err);
		Py_END_ALLOW_THREADS
		mctl_swig_fail(e, rc);
		return res;
	}
}

%extend Policy {
	/*
	 * Everything the policy says about item i, as JSON (mctl_policy_item_to_json):
	 * the package reads an item's `confirmed` from it, once per item.
	 */
	%newobject item_to_json;
	char *item_to_json(size_t i, mctl_swig_err *e) {
		char *s = NULL;
		mctl_swig_fail(e, mctl_policy_item_to_json($self, i, &s));
		return s;
	}
}

/*
 * Batch: records classified together, for Policy.screen. On two cores a
 * thread that releases the GIL for one classification (a few microseconds)
 * wakes the other thread for its turn, and waking a thread costs about as
 * much as the classification: per-record calls from two threads run slower
 * than one thread. A batch takes the GIL once to fill its records, releases
 * it once to classify them all, and takes it again to hand out the results,
 * so threads that screen batches run in parallel. One Batch per thread.
 */
%{
typedef struct mctl_py_batch {
	size_t n;
	mctl_record **rec;
	mctl_result **res;
	mctl_error **err;
	int *rc;
} Batch;

static void mctl_py_batch_free(Batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->rec && i < b->n; i++)
		mctl_record_free(b->rec[i]);
	free(b->rec);
	free(b->res);
	free(b->err);
	free(b->rc);
	free(b);
}

/* Moves the pending exception into a value (the exception object). */
static PyObject *mctl_py_take_exception(void)
{
	PyObject *t, *v, *tb;
	PyErr_Fetch(&t, &v, &tb);
	PyErr_NormalizeException(&t, &v, &tb);
	Py_XDECREF(t);
	Py_XDECREF(tb);
	if (!v) {
		Py_INCREF(Py_None);
		v = Py_None;
	}
	return v;
}
%}

typedef struct {} Batch;
%extend Batch {
	/* n records, each keeping its classification buffers between batches. */
	Batch(size_t n, mctl_swig_err *e) {
		Batch *b = calloc(1, sizeof *b);
		if (!b || n == 0 || !(b->rec = calloc(n, sizeof *b->rec)) || !(b->res = calloc(n, sizeof *b->res)) ||
		    !(b->err = calloc(n, sizeof *b->err)) || !(b->rc = calloc(n, sizeof *b->rc))) {
			mctl_py_batch_free(b);
			mctl_swig_fail(e, n == 0 ? MCTL_EINVAL : MCTL_ENOMEM);
			return NULL;
		}
		b->n = n;
		for (size_t i = 0; i < n; i++)
			if (mctl_record_new(&b->rec[i], NULL) != MCTL_OK) {
				mctl_py_batch_free(b);
				mctl_swig_fail(e, MCTL_ENOMEM);
				return NULL;
			}
		return b;
	}
	~Batch() { mctl_py_batch_free($self); }

	size_t size() { return $self->n; }

	/*
	 * Classifies up to size() records against p: `fields` is a list whose
	 * entries are dicts or tuples as for Policy.classify_fields, or None (no
	 * record). Returns a list of the same length: a Result, the exception a
	 * record raised (RecordError for a malformed one), or None.
	 */
	PyObject *classify(Policy *p, PyObject *fields, PyObject *default_date) {
		PyObject *seq = PySequence_Fast(fields, "fields must be a list");
		if (!seq)
			return NULL;
		Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
		if ((size_t)m > $self->n) {
			Py_DECREF(seq);
			PyErr_Format(PyExc_ValueError, "a batch holds %zu records, not %zd", $self->n, m);
			return NULL;
		}
		PyObject *out = PyList_New(m);
		if (!out) {
			Py_DECREF(seq);
			return NULL;
		}
		for (Py_ssize_t i = 0; i < m; i++) {
			PyObject *f = PySequence_Fast_GET_ITEM(seq, i);
			$self->rc[i] = 1; /* nothing to classify */
			$self->res[i] = NULL;
			$self->err[i] = NULL;
			if (f == Py_None) {
				Py_INCREF(Py_None);
				PyList_SET_ITEM(out, i, Py_None);
			} else if (mctl_py_fill($self->rec[i], f, default_date) != MCTL_OK) {
				PyList_SET_ITEM(out, i, mctl_py_take_exception());
			} else {
				$self->rc[i] = 0;
			}
		}
		Py_DECREF(seq);
		Py_BEGIN_ALLOW_THREADS
		for (Py_ssize_t i = 0; i < m; i++)
			if ($self->rc[i] == 0)
				$self->rc[i] = mctl_classify(p, $self->rec[i], &$self->res[i], &$self->err[i]);
		Py_END_ALLOW_THREADS
		for (Py_ssize_t i = 0; i < m; i++) {
			PyObject *o;
			if ($self->rc[i] == 1)
				continue;
			if ($self->rc[i] == MCTL_OK) {
				o = SWIG_NewPointerObj(SWIG_as_voidptr($self->res[i]), SWIGTYPE_p_Result, SWIG_POINTER_OWN);
				if (!o) {
					mctl_result_free($self->res[i]);
					o = mctl_py_take_exception();
				}
			} else {
				mctl_py_set_error("error", $self->rc[i], $self->err[i], NULL);
				mctl_error_free($self->err[i]);
				o = mctl_py_take_exception();
			}
			PyList_SET_ITEM(out, i, o);
		}
		return out;
	}
}
