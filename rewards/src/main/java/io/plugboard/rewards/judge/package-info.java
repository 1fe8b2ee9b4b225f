/** A reward decided by a language model behind an OpenAI-compatible chat-completions endpoint. */
package io.plugboard.rewards.judge;
