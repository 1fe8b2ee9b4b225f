/**
 * Java walk-throughs of Plugboard's jobs, one class per walk-through, each with a {@code main} method that
 * starts its own servers on 127.0.0.1 (free ports), prints what happens and stops everything it started.
 * Run one with {@code examples/run ServeAndDrive}; the module's tests run each and check what it prints.
 */
package io.plugboard.examples;
