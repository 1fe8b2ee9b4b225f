/**
 * Reading an environment's {@code GET /schema} from the client side: {@link
 * io.plugboard.environments.schema.ActionShape} turns a text answer (a model's reply, a dataset
 * answer, a probe value) into the action object the environment's action schema asks for.
 */
package io.plugboard.environments.schema;
