/**
 * The serial collector: the default (G1) runs concurrent GC threads that, on two
 * cores, compete with the tests for CPU; measured on a 1,000-user sync, DynamoDB
 * Local used about a fifth less CPU with it. The client compiler only: a test run
 * is over in minutes, before the optimizing compiler's work on DynamoDB Local's
 * hot paths pays for itself; measured over the connected tier, the JVMs used 113
 * CPU-s against 195. The heap cap keeps each JVM from growing to a quarter of the
 * machine's memory on garbage it would not collect. The browser tests' stack
 * runs its DynamoDB Local with them too; `npm start` and the benchmarks keep the
 * JVM's defaults.
 */
export const TEST_JVM_OPTIONS = ['-XX:+UseSerialGC', '-Xmx2g', '-XX:TieredStopAtLevel=1'];
