/** Wire-level constants shared by server and client: error codes and the JSON mapper. */
package io.plugboard.environments.wire;
