/**
 * Test support shared by every module through {@code hayloft-api}'s test-jar: {@link
 * io.hayloft.api.testing.MutableClock}, the clock tests move by hand, and {@link
 * io.hayloft.api.testing.Await}, how tests wait on a condition with a deadline.
 */
package io.hayloft.api.testing;
