package io.plugboard.rewards.builtin;

import java.util.List;

/** A parsed final answer: a scalar, a relation, an interval or union, a tuple, a set, a matrix or text. */
sealed interface MathAnswer {
  /** An expression; {@code percent} when written with a percent sign (then it may also mean value/100). */
  record Scalar(MathExpr expr, boolean percent) implements MathAnswer {}

  /** A chain of relations {@code sides[0] ops[0] sides[1] ...}; ops are = != < <= > >=. */
  record Rel(List<MathExpr> sides, List<String> ops) implements MathAnswer {}

  record Interval(boolean loClosed, MathExpr lo, MathExpr hi, boolean hiClosed) implements MathAnswer {}

  /** A union of intervals and sets. */
  record Union(List<MathAnswer> parts) implements MathAnswer {}

  /** An ordered tuple; {@code parens} when written {@code (a, b)} (an open interval too, when of two). */
  record Tuple(List<MathAnswer> items, boolean parens) implements MathAnswer {}

  /** An unordered collection: {@code \{a, b\}} or a bare list {@code a, b}. */
  record SetOf(List<MathAnswer> items) implements MathAnswer {}

  record Matrix(List<List<MathExpr>> rows) implements MathAnswer {}

  /** A text answer, normalised: lower case, single spaces, no LaTeX wrappers. */
  record Text(String text) implements MathAnswer {}
}
