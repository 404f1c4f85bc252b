/**
 * Test support shared by every module through {@code hayloft-api}'s test-jar: {@link
 * io.hayloft.api.testing.MutableClock}, the clock tests move by hand.
 */
package io.hayloft.api.testing;
