#!/bin/sh
# Compiles the Spark check (Maven; spark-sql 4.2.0) and runs it on a sweep
# directory: ./check.sh SWEEP_DIR. Extra Maven arguments go in MVN_ARGS,
# e.g. MVN_ARGS=-Dmaven.repo.local=/tmp/m2 for another local repository.
# Exits as the check does: 0 all ok, 1 a mismatch, 2 bad arguments.
set -eu
if [ $# -ne 1 ]; then
	echo "usage: $0 SWEEP_DIR" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
mvn -B -q -f "$here/pom.xml" ${MVN_ARGS:-} compile dependency:build-classpath
# The module options Spark's own launcher adds on Java 17
# (org.apache.spark.launcher.JavaModuleOptions).
exec java \
	-XX:+IgnoreUnrecognizedVMOptions \
	--add-modules=jdk.incubator.vector \
	--add-opens=java.base/java.lang=ALL-UNNAMED \
	--add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
	--add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
	--add-opens=java.base/java.io=ALL-UNNAMED \
	--add-opens=java.base/java.net=ALL-UNNAMED \
	--add-opens=java.base/java.nio=ALL-UNNAMED \
	--add-opens=java.base/java.util=ALL-UNNAMED \
	--add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
	--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
	--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
	--add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
	--add-opens=java.base/sun.security.action=ALL-UNNAMED \
	--add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
	--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
	-Dio.netty.tryReflectionSetAccessible=true \
	--enable-native-access=ALL-UNNAMED \
	-cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
	caregap.sweepcheck.Check "$1"
