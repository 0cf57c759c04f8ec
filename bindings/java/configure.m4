# bindings/java/configure.m4 - configure checks for the Java binding (m4_include'd
# by configure.ac). --enable-java=auto (default) builds it when a JDK (javac,
# java, jar, jni.h) and SWIG or the wrappers a release tarball carries are found,
# and says why not otherwise; =yes fails instead; =no skips it.
AC_ARG_ENABLE([java],
  [AS_HELP_STRING([--enable-java@<:@=auto|yes|no@:>@],
                  [build the Java binding: mineralctl.jar and libmineralctl_jni (default: auto)])],
  [], [enable_java=auto])
AC_ARG_VAR([JAVA_HOME], [JDK for the Java binding (default: the JDK of javac in PATH)])
AC_ARG_VAR([JAVAC], [Java compiler])
AC_ARG_VAR([JAVA], [Java launcher, for the tests])
AC_ARG_VAR([JAR], [jar tool])
AC_ARG_VAR([SWIG], [SWIG >= 4.0, to generate the binding wrappers])
AC_ARG_VAR([JUNIT_JAR], [JUnit 4 jar (default: /usr/share/java/junit4.jar)])
AC_ARG_VAR([HAMCREST_JAR], [Hamcrest jar JUnit 4 needs (default: /usr/share/java/hamcrest-core.jar)])

# SWIG is looked for whatever the switches say: 'make dist' needs it to put
# the generated wrappers into the tarball.
AC_PATH_PROGS([SWIG], [swig swig4.0])
AS_IF([test -n "$SWIG"], [
  mctl_swig_version=`"$SWIG" -version 2>/dev/null | sed -n 's/^SWIG Version \([[0-9]][[0-9]]*\).*/\1/p'`
  AS_IF([test "${mctl_swig_version:-0}" -lt 4], [
    AC_MSG_WARN([$SWIG is older than SWIG 4: not used])
    SWIG=
  ])
])

have_java=no
java_missing=
JNI_CPPFLAGS=
JAVAC_WERROR=
case "$enable_java" in
  auto|yes|no) ;;
  *) AC_MSG_ERROR([--enable-java takes auto, yes or no, not '$enable_java']) ;;
esac
if test "x$enable_java" != xno; then
  mctl_java_path=$PATH
  test -n "$JAVA_HOME" && mctl_java_path="$JAVA_HOME/bin$PATH_SEPARATOR$PATH"
  AC_PATH_PROGS([JAVAC], [javac], [], [$mctl_java_path])
  AC_PATH_PROGS([JAVA], [java], [], [$mctl_java_path])
  AC_PATH_PROGS([JAR], [jar], [], [$mctl_java_path])
  test -n "$JAVAC" || java_missing="$java_missing javac"
  test -n "$JAVA" || java_missing="$java_missing java"
  test -n "$JAR" || java_missing="$java_missing jar"

  # jni.h lives in the JDK's include/ (and jni_md.h in include/<os>/): find
  # the JDK from JAVA_HOME, else through javac's symlinks
  # (/usr/bin/javac -> /etc/alternatives/javac -> .../java-17-openjdk-amd64/bin/javac).
  AS_IF([test -n "$JAVAC"], [
    AC_MSG_CHECKING([for the JDK home])
    mctl_jdk=$JAVA_HOME
    AS_IF([test -z "$mctl_jdk"], [
      mctl_javac=`readlink -f "$JAVAC" 2>/dev/null || echo "$JAVAC"`
      mctl_jdk=`dirname "$mctl_javac"`
      mctl_jdk=`dirname "$mctl_jdk"`
    ])
    AC_MSG_RESULT([$mctl_jdk])
    JNI_CPPFLAGS="-I$mctl_jdk/include"
    for mctl_d in "$mctl_jdk"/include/*/; do
      test -f "${mctl_d}jni_md.h" && JNI_CPPFLAGS="$JNI_CPPFLAGS -I${mctl_d%/}"
    done
    mctl_save_CPPFLAGS=$CPPFLAGS
    CPPFLAGS="$CPPFLAGS $JNI_CPPFLAGS"
    AC_CHECK_HEADER([jni.h], [], [java_missing="$java_missing jni.h"])
    CPPFLAGS=$mctl_save_CPPFLAGS

    AC_MSG_CHECKING([whether $JAVAC compiles for Java 11 (--release 11)])
    mctl_jt=`mktemp -d 2>/dev/null || echo conftest.javadir`
    mkdir -p "$mctl_jt"
    echo 'class Conftest { java.util.List<String> l = java.util.List.of("x"); }' > "$mctl_jt/Conftest.java"
    AS_IF(["$JAVAC" --release 11 -d "$mctl_jt" "$mctl_jt/Conftest.java" >&AS_MESSAGE_LOG_FD 2>&1],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no]); java_missing="$java_missing javac>=11"])
    rm -rf "$mctl_jt"
  ])

  # The generated wrappers come from SWIG (a git checkout) or from the tarball.
  AC_MSG_CHECKING([for the Java wrappers])
  AS_IF([test -f "$srcdir/bindings/java/gen.stamp" && test -f "$srcdir/bindings/java/mineralctl_wrap.c"],
    [AC_MSG_RESULT([generated already])],
    [test -n "$SWIG"],
    [AC_MSG_RESULT([SWIG will generate them])],
    [AC_MSG_RESULT([missing]); java_missing="$java_missing swig"])

  AS_IF([test -z "$java_missing"], [have_java=yes],
    [test "x$enable_java" = xyes],
    [AC_MSG_ERROR([--enable-java: missing$java_missing (Debian: apt-get install default-jdk-headless swig)])],
    [AC_MSG_WARN([Java binding disabled: missing$java_missing (--enable-java=yes makes this an error)])])
  test "x$enable_werror" = xyes && JAVAC_WERROR=-Werror
fi

have_junit=no
AS_IF([test "x$have_java" = xyes], [
  : "${JUNIT_JAR:=/usr/share/java/junit4.jar}" "${HAMCREST_JAR:=/usr/share/java/hamcrest-core.jar}"
  AC_MSG_CHECKING([for JUnit 4 ($JUNIT_JAR, $HAMCREST_JAR)])
  AS_IF([test -f "$JUNIT_JAR" && test -f "$HAMCREST_JAR"], [have_junit=yes])
  AC_MSG_RESULT([$have_junit])
  AS_IF([test "x$have_junit" != xyes],
    [AC_MSG_WARN([JUnit 4 not found: the Java unit tests will be skipped (Debian: apt-get install junit4)])])
])
AC_SUBST([JNI_CPPFLAGS])
AC_SUBST([JAVAC_WERROR])
AM_CONDITIONAL([ENABLE_JAVA], [test "x$have_java" = xyes])
AM_CONDITIONAL([HAVE_JUNIT], [test "x$have_junit" = xyes])
AC_CONFIG_FILES([bindings/java/Makefile])
