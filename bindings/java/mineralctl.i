/*
 * bindings/java/mineralctl.i - the Java side of the SWIG interface.
 *
 * The generated classes (package org.mineralctl.swig) are the low-level
 * layer; the hand-written org.mineralctl classes build the public API on
 * them. Strings cross JNI as byte arrays of UTF-8, both ways: JNI's own
 * string functions speak "modified UTF-8", which differs from UTF-8 for
 * U+0000 and for every character outside the BMP, and NewStringUTF() on
 * invalid or 4-byte UTF-8 is undefined behaviour (error messages quote
 * bytes from files and records, cut at 40 bytes, so they can hold half a
 * character). The Java layer encodes and decodes with StandardCharsets.UTF_8,
 * which never fails (malformed input becomes U+FFFD).
 */
%module mineralctl

/* C enums as int constants: the Java layer maps them to its own enums. */
%include "enumtypeunsafe.swg"
/* Enum values as Java compile-time constants; the shared file's status
 * %constants name C macros, so they are read through JNI instead. */
%javaconst(1);
%javaconst(0) MCTL_OK;
%javaconst(0) MCTL_ENOMEM;
%javaconst(0) MCTL_EINVAL;
%javaconst(0) MCTL_EIO;
%javaconst(0) MCTL_ESYNTAX;
%javaconst(0) MCTL_EPOLICY;
%javaconst(0) MCTL_ELIMIT;
%javaconst(0) MCTL_EUNICODE;

/* ---- text: byte[] of UTF-8 instead of java.lang.String ---- */
/* In: the Java layer passes the UTF-8 bytes of a string without NUL (it
 * rejects strings holding U+0000); here they are copied and terminated. */
%typemap(jni) const char *, char * "jbyteArray"
%typemap(jtype) const char *, char * "byte[]"
%typemap(jstype) const char *, char * "byte[]"
%typemap(javain) const char *, char * "$javainput"
%typemap(javaout) const char *, char * { return $jnicall; }
%typemap(in) const char * {
	$1 = NULL;
	if ($input) {
		jsize n_$argnum = (*jenv)->GetArrayLength(jenv, $input);
		char *s_$argnum = malloc((size_t)n_$argnum + 1);
		if (s_$argnum) {
			(*jenv)->GetByteArrayRegion(jenv, $input, 0, n_$argnum, (jbyte *)s_$argnum);
			s_$argnum[n_$argnum] = '\0';
			$1 = s_$argnum;
		} else if (!(*jenv)->ExceptionCheck(jenv)) {
			/* No early return (it would skip freeing the other arguments): the
			 * call sees NULL and fails, the error is pending already. */
			SWIG_JavaThrowException(jenv, SWIG_JavaOutOfMemoryError, "libmineralctl: out of memory");
		}
	}
}
%typemap(freearg) const char * { free((char *)$1); }
/* Out: NULL stays null; %newobject results (char *) are freed by newfree. */
%typemap(out) const char *, char * { $result = mctl_java_bytes(jenv, $1); }
%typemap(newfree) char * { free($1); }

/* The generated proxies free their object in delete(); the Java layer
 * always calls it, so no finalizers (deprecated, and they would race with
 * Policy.close()). */
%typemap(javafinalize) SWIGTYPE ""

/* Calls that can fail throw the checked org.mineralctl.PolicyException
 * (raised from C by MCTL_SWIG_RAISE below); the Java layer turns record
 * errors into RecordException. */
%javaexception("org.mineralctl.PolicyException") Policy::Policy { $action }
%javaexception("org.mineralctl.PolicyException") Policy::classify { $action }
%javaexception("org.mineralctl.PolicyException") Record::Record { $action }
%javaexception("org.mineralctl.PolicyException") Record::set { $action }
%javaexception("org.mineralctl.PolicyException") Record::add_route { $action }
%javaexception("org.mineralctl.PolicyException") Record::add_component { $action }
%javaexception("org.mineralctl.PolicyException") Record::set_quantity { $action }
%javaexception("org.mineralctl.PolicyException") Record::set_value { $action }
%javaexception("org.mineralctl.PolicyException") Result::to_json { $action }

/* Load the JNI library: -Dmineralctl.jni=/path/libmineralctl_jni.so (the
 * build tree's tests), else java.library.path, else the installed path
 * written into the jar at build time. */
%pragma(java) jniclasscode=%{
  static {
    NativeLoader.load();
  }
%}
%pragma(java) jniclassclassmodifiers="public final class"

%include "../swig/mineralctl.i"

%{
/* A byte[] copy of a NUL-terminated C string, or null. */
static jbyteArray mctl_java_bytes(JNIEnv *jenv, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n > 0x7fffffff) {
		SWIG_JavaThrowException(jenv, SWIG_JavaOutOfMemoryError, "libmineralctl: string too long for Java");
		return NULL;
	}
	jbyteArray a = (*jenv)->NewByteArray(jenv, (jsize)n);
	if (a)
		(*jenv)->SetByteArrayRegion(jenv, a, 0, (jsize)n, (const jbyte *)s);
	return a; /* NULL with OutOfMemoryError pending */
}

/*
 * Throws org.mineralctl.PolicyException(status, strerror) holding every
 * diagnostic of the chain (the Java layer decides whether the context makes
 * it a RecordException). Falls back to RuntimeException with the formatted
 * first diagnostic if the class cannot be found (a jar/JNI mismatch).
 */
static void mctl_java_raise(JNIEnv *jenv, int status, const mctl_error *err)
{
	if ((*jenv)->ExceptionCheck(jenv))
		return; /* an OutOfMemoryError from a conversion is already on its way */
	jclass cls = (*jenv)->FindClass(jenv, "org/mineralctl/PolicyException");
	jmethodID ctor = NULL, add = NULL;
	if (cls) {
		ctor = (*jenv)->GetMethodID(jenv, cls, "<init>", "(I[B)V");
		if (ctor)
			add = (*jenv)->GetMethodID(jenv, cls, "addDiagnostic", "(I[B[BIIJ[B)V");
	}
	if (!cls || !ctor || !add) {
		char buf[1024];
		(*jenv)->ExceptionClear(jenv);
		if (err)
			mctl_error_format(err, buf, sizeof buf);
		else
			snprintf(buf, sizeof buf, "%s", mctl_strerror(status));
		/* buf may hold non-ASCII bytes: replace them, NewStringUTF needs modified UTF-8. */
		for (char *c = buf; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
		SWIG_JavaThrowException(jenv, SWIG_JavaRuntimeException, buf);
		return;
	}
	jbyteArray what = mctl_java_bytes(jenv, mctl_strerror(status));
	jobject ex = (*jenv)->ExceptionCheck(jenv) ? NULL : (*jenv)->NewObject(jenv, cls, ctor, (jint)status, what);
	for (const mctl_error *e = err; ex && e; e = mctl_error_next(e)) {
		size_t off = mctl_error_offset(e);
		jbyteArray msg = mctl_java_bytes(jenv, mctl_error_message(e));
		jbyteArray file = mctl_java_bytes(jenv, mctl_error_file(e));
		jbyteArray path = mctl_java_bytes(jenv, mctl_error_path(e));
		if (!(*jenv)->ExceptionCheck(jenv))
			(*jenv)->CallVoidMethod(jenv, ex, add, (jint)mctl_error_code(e), msg, file,
			                        (jint)mctl_error_line(e), (jint)mctl_error_column(e),
			                        off == (size_t)-1 ? (jlong)-1 : (jlong)off, path);
		if (msg) (*jenv)->DeleteLocalRef(jenv, msg);
		if (file) (*jenv)->DeleteLocalRef(jenv, file);
		if (path) (*jenv)->DeleteLocalRef(jenv, path);
		if ((*jenv)->ExceptionCheck(jenv))
			ex = NULL;
	}
	if (ex)
		(*jenv)->Throw(jenv, (jthrowable)ex);
}

#define MCTL_SWIG_RAISE(status, err) mctl_java_raise(jenv, (status), (err))
%}
