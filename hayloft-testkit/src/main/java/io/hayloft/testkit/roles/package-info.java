/**
 * Stand-ins for Hayloft's roles, for unit tests of the role that talks to them: {@link
 * io.hayloft.testkit.roles.FakeMaster} (node ids, heartbeats, lookups, and any scripted call), {@link
 * io.hayloft.testkit.roles.FakeVolumeServer} (admin calls and heartbeats to a real master) and {@link
 * io.hayloft.testkit.roles.FakeFiler} (an in-memory namespace answering the filer's HTTP API). Each
 * binds 127.0.0.1 on an ephemeral port and records what it was sent.
 */
package io.hayloft.testkit.roles;
