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
 * The GIL. Only Policy.classify runs long enough to be worth releasing the
 * GIL for (the record and the policy stay untouched by other threads while it
 * runs: one record per thread, the policy is immutable). Releasing it around
 * every getter and setter too (swig -threads) makes two threads hand the GIL
 * back and forth a dozen times per record; see doc/decisions.md.
 */
%nothread;
%thread Policy::classify;

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

%include "swig/mineralctl.i"

%{
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
 * MCTL_SWIG_RAISE for Python: builds the exception in mineralctl._errors
 * (pure Python, so the classes are ordinary, picklable and documented there)
 * from the whole diagnostic chain. The wrapper's own name says what failed:
 * loading a policy gives PolicyError, setting a record field RecordError,
 * anything else (out of memory in classify ...) Error.
 */
static void mctl_py_raise(int status, const mctl_error *err, const char *where)
{
	static PyObject *make = NULL; /* mineralctl._errors._from_core, kept for the process */
	const char *kind = "error";
	if (strstr(where, "new_Policy"))
		kind = "policy";
	else if (strstr(where, "Record_"))
		kind = "record";
	if (!make) {
		PyObject *mod = PyImport_ImportModule("mineralctl._errors");
		if (mod) {
			make = PyObject_GetAttrString(mod, "_from_core");
			Py_DECREF(mod);
		}
		if (!make) {
			PyErr_Clear();
			PyErr_Format(PyExc_RuntimeError, "mineralctl: %s (%d)", mctl_strerror(status), status);
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
	PyObject *exc = PyObject_CallFunction(make, "sisO", kind, status, mctl_strerror(status), diags);
	Py_DECREF(diags);
	if (!exc)
		return;
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}
#define MCTL_SWIG_RAISE(status, err) mctl_py_raise((status), (err), __func__)
%}

/*
 * Record.set_texts: the text fields of a record in one call (the Python
 * layer's fast path: one call instead of a dozen makes the part of a
 * classification that holds the GIL small, so threads scale).
 */
%extend Record {
	/*
	 * Clears the record and sets the text fields from `values`, a tuple in
	 * mctl_field order (id, description, description2, code, origin, from,
	 * to, date, channel, end_use, unit, currency); None leaves a field unset.
	 * str is passed as UTF-8 (with lone surrogates as their 3-byte invalid
	 * encoding, which the library replaces and flags), bytes as they are.
	 * Returns -1 when all were set, or the index of the first value that is
	 * neither str nor bytes (the fields before it are set). A value the
	 * library refuses raises RecordError with its message.
	 */
	int set_texts(PyObject *values, mctl_swig_err *e) {
		if (!PyTuple_Check(values) || PyTuple_GET_SIZE(values) != MCTL_FIELD_COUNT_) {
			mctl_swig_fail(e, MCTL_EINVAL);
			return -1;
		}
		mctl_record_clear($self);
		for (Py_ssize_t i = 0; i < MCTL_FIELD_COUNT_; i++) {
			PyObject *v = PyTuple_GET_ITEM(values, i), *enc = NULL;
			const char *s;
			Py_ssize_t n;
			if (v == Py_None)
				continue;
			if (PyUnicode_Check(v)) {
				s = PyUnicode_AsUTF8AndSize(v, &n);
				if (!s) {
					PyErr_Clear();
					enc = PyUnicode_AsEncodedString(v, "utf-8", "surrogatepass");
					if (!enc) {
						PyErr_Clear();
						return (int)i;
					}
					s = PyBytes_AS_STRING(enc);
					n = PyBytes_GET_SIZE(enc);
				}
			} else if (PyBytes_Check(v)) {
				s = PyBytes_AS_STRING(v);
				n = PyBytes_GET_SIZE(v);
			} else {
				return (int)i;
			}
			int rc = mctl_record_set($self, (mctl_field)i, s, (size_t)n, &e->err);
			Py_XDECREF(enc);
			if (rc != MCTL_OK) {
				mctl_swig_fail(e, rc);
				return -1;
			}
		}
		return -1;
	}
}
