/**
 * Test support shared by every module's tests (test scope only): {@link io.hayloft.testkit.Await},
 * how tests wait on a condition with a deadline (never {@code Thread.sleep}), and {@link
 * io.hayloft.testkit.MutableClock}, the clock tests move by hand. Role stand-ins are in {@code
 * io.hayloft.testkit.roles}, on {@code io.hayloft.testkit.http}'s scriptable server; clusters of real
 * servers in one JVM live in hayloft-it.
 */
package io.hayloft.testkit;
