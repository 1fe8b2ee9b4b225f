package io.plugboard.environments.server.internal;

import io.plugboard.environments.Environment;

/** Builds a throwaway environment, uses it once and closes it: the reference's stateless HTTP (spec 2.0). */
final class FreshEnvironment {
  private FreshEnvironment() {}

  static <T> T use(Environment.Factory factory, Session.EnvCall<T> work) throws Exception {
    Environment env = factory.create();
    try {
      return work.apply(env);
    } finally {
      env.close();
    }
  }
}
