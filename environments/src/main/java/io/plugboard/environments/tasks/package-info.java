/** The Task API's provider SPI: splits and task specs an environment can list without starting an episode. */
package io.plugboard.environments.tasks;
