package io.plugboard.rewards.builtin;

import io.plugboard.rewards.builtin.MathAnswer.Interval;
import io.plugboard.rewards.builtin.MathAnswer.Matrix;
import io.plugboard.rewards.builtin.MathAnswer.Rel;
import io.plugboard.rewards.builtin.MathAnswer.Scalar;
import io.plugboard.rewards.builtin.MathAnswer.SetOf;
import io.plugboard.rewards.builtin.MathAnswer.Text;
import io.plugboard.rewards.builtin.MathAnswer.Tuple;
import io.plugboard.rewards.builtin.MathAnswer.Union;
import io.plugboard.rewards.builtin.MathExpr.Add;
import io.plugboard.rewards.builtin.MathExpr.Cx;
import io.plugboard.rewards.builtin.MathExpr.Div;
import io.plugboard.rewards.builtin.MathExpr.Neg;
import io.plugboard.rewards.builtin.MathExpr.Num;
import io.plugboard.rewards.builtin.MathExpr.Rat;
import io.plugboard.rewards.builtin.MathExpr.Var;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a candidate answer equals the reference.
 *
 * <ul>
 *   <li>Numbers without variables: exactly, as rationals, when both sides are integers/fractions
 *       and powers of them; when a side holds a decimal, equal when both round to the same 6
 *       decimal places (as math-verify) or differ by at most {@code tolerance} relatively;
 *       otherwise (radicals, pi, e, i) complex doubles within {@code max(tolerance, 1e-9)}
 *       relatively.
 *   <li>Expressions in variables: equal at {@link #POINTS} fixed pseudo-random complex points
 *       (relative 1e-8), both sides defined at each.
 *   <li>Relations: the same operator (or flipped) and lhs - rhs equal up to sign; {@code x = e}
 *       against a bare {@code e} compares e.
 *   <li>Sets and bare lists unordered, tuples ordered, intervals by ends and closedness, matrices
 *       cell by cell, text by its normalised string.
 * </ul>
 *
 * A percentage {@code p%} also matches {@code p/100}. Stateless; work is charged to the budget.
 */
final class MathEquivalence {
  static final int POINTS = 5;
  private static final double SYMBOLIC_TOLERANCE = 1e-8;

  private final double tolerance;
  private final MathBudget budget;

  MathEquivalence(double tolerance, MathBudget budget) {
    this.tolerance = tolerance;
    this.budget = budget;
  }

  boolean equal(MathAnswer candidate, MathAnswer reference) {
    budget.step();
    MathAnswer a = unwrap(candidate, reference);
    MathAnswer b = unwrap(reference, candidate);
    if (a instanceof Scalar x && b instanceof Scalar y) return scalar(x, y);
    if (a instanceof Text x) return text(x, b);
    if (b instanceof Text y) return text(y, a);
    if (a instanceof SetOf x && b instanceof SetOf y) return unordered(x.items(), y.items());
    if (a instanceof Union x && b instanceof Union y) return unordered(x.parts(), y.parts());
    if (a instanceof Tuple x && b instanceof Tuple y) return ordered(x.items(), y.items());
    if (a instanceof Interval x && b instanceof Interval y) return interval(x, y);
    if (a instanceof Tuple x && b instanceof Interval y) return openPair(x, y);
    if (b instanceof Tuple y && a instanceof Interval x) return openPair(y, x);
    if (a instanceof Matrix x && b instanceof Matrix y) return matrix(x, y);
    if (a instanceof Rel x && b instanceof Rel y) return relation(x, y);
    if (a instanceof Rel x && setLike(b)) return asSet(x, b, true);
    if (b instanceof Rel y && setLike(a)) return asSet(y, a, false);
    if (a instanceof SetOf x && x.items().size() == 1) return equal(x.items().get(0), b);
    if (b instanceof SetOf y && y.items().size() == 1) return equal(a, y.items().get(0));
    return false;
  }

  /** {@code x = e} (a variable on the left) compares as {@code e} unless the other side is an equation too. */
  private static MathAnswer unwrap(MathAnswer a, MathAnswer other) {
    if (a instanceof Rel r && r.ops().size() >= 1 && r.ops().stream().allMatch("="::equals)
        && r.sides().get(0) instanceof Var && !(other instanceof Rel))
      return new Scalar(r.sides().get(r.sides().size() - 1), false);
    if (a instanceof SetOf s && !(other instanceof SetOf)) return a;
    // both lists of equations: compare the equations, so that x=1, y=2 is not x=2, y=1
    if (a instanceof SetOf s && allRelations(s.items()) && allRelations(((SetOf) other).items())) return a;
    if (a instanceof Tuple t && other instanceof Tuple o && allRelations(t.items()) && allRelations(o.items())) return a;
    if (a instanceof SetOf s) {
      List<MathAnswer> items = new ArrayList<>();
      for (MathAnswer i : s.items()) items.add(unwrap(i, new Scalar(null, false)));
      return new SetOf(items);
    }
    if (a instanceof Tuple t && other instanceof Tuple) {
      List<MathAnswer> items = new ArrayList<>();
      for (MathAnswer i : t.items()) items.add(unwrap(i, new Scalar(null, false)));
      return new Tuple(items, t.parens());
    }
    return a;
  }

  private static boolean allRelations(List<MathAnswer> items) {
    return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Rel);
  }

  private boolean scalar(Scalar a, Scalar b) {
    if (expr(a.expr(), b.expr())) return true;
    if (a.percent() && expr(new Div(a.expr(), hundred()), b.expr())) return true;
    return b.percent() && expr(a.expr(), new Div(b.expr(), hundred()));
  }

  private static MathExpr hundred() {
    return new Num(Rat.parse("100"), false);
  }

  private boolean text(Text t, MathAnswer other) {
    if (other instanceof Text o) return !t.text().isEmpty() && t.text().equals(o.text());
    // \text{(C)} against C: a single variable written bare
    if (other instanceof Scalar s) {
      String letters = letters(s.expr());
      return letters != null && t.text().replaceAll("[\\s()]", "").equals(letters.toLowerCase(java.util.Locale.ROOT));
    }
    return false;
  }

  /** The letters of a product of single-letter symbols ({@code Evelyn} parsed as E*v*e*l*y*n), or null. */
  private static String letters(MathExpr x) {
    if (x instanceof Var v) return v.name().length() == 1 ? v.name() : null;
    if (x instanceof MathExpr.Const c) return c.name().length() == 1 ? c.name() : null;
    if (x instanceof MathExpr.Mul m) {
      String a = letters(m.a()), b = letters(m.b());
      return a == null || b == null ? null : a + b;
    }
    return null;
  }

  private boolean unordered(List<MathAnswer> a, List<MathAnswer> b) {
    if (a.size() != b.size()) return false;
    boolean[] used = new boolean[b.size()];
    outer:
    for (MathAnswer x : a) {
      for (int j = 0; j < b.size(); j++) {
        if (!used[j] && equal(x, b.get(j))) {
          used[j] = true;
          continue outer;
        }
      }
      return false;
    }
    return true;
  }

  private boolean ordered(List<MathAnswer> a, List<MathAnswer> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) if (!equal(a.get(i), b.get(i))) return false;
    return true;
  }

  private boolean interval(Interval a, Interval b) {
    return a.loClosed() == b.loClosed() && a.hiClosed() == b.hiClosed() && expr(a.lo(), b.lo()) && expr(a.hi(), b.hi());
  }

  private boolean openPair(Tuple t, Interval i) {
    return t.parens() && t.items().size() == 2 && !i.loClosed() && !i.hiClosed()
        && equal(t.items().get(0), new Scalar(i.lo(), false)) && equal(t.items().get(1), new Scalar(i.hi(), false));
  }

  private boolean matrix(Matrix a, Matrix b) {
    if (a.rows().size() != b.rows().size()) return false;
    for (int r = 0; r < a.rows().size(); r++) {
      List<MathExpr> x = a.rows().get(r), y = b.rows().get(r);
      if (x.size() != y.size()) return false;
      for (int c = 0; c < x.size(); c++) if (!expr(x.get(c), y.get(c))) return false;
    }
    return true;
  }

  private boolean relation(Rel a, Rel b) {
    if (a.ops().size() != b.ops().size()) return false;
    if (a.ops().equals(b.ops()) && pairwise(a.sides(), b.sides())) return true;
    List<MathExpr> flipped = new ArrayList<>(b.sides());
    java.util.Collections.reverse(flipped);
    List<String> flippedOps = new ArrayList<>();
    for (int i = b.ops().size() - 1; i >= 0; i--) flippedOps.add(flip(b.ops().get(i)));
    if (a.ops().equals(flippedOps) && pairwise(a.sides(), flipped)) return true;
    if (a.ops().size() != 1) return false;
    MathExpr da = new Add(a.sides().get(0), new Neg(a.sides().get(1)));
    MathExpr db = new Add(b.sides().get(0), new Neg(b.sides().get(1)));
    String op = a.ops().get(0);
    if (op.equals(b.ops().get(0))) return expr(da, db) || (symmetric(op) && expr(da, new Neg(db)));
    if (op.equals(flip(b.ops().get(0)))) return expr(da, new Neg(db));
    return false;
  }

  private static boolean setLike(MathAnswer a) {
    return a instanceof Interval || a instanceof Union || (a instanceof Tuple t && t.parens() && t.items().size() == 2);
  }

  /** {@code x > 2} against {@code (2, \infty)}: the relation as the interval it describes. */
  private boolean asSet(Rel r, MathAnswer set, boolean relIsCandidate) {
    Interval i = interval(r);
    if (i == null) return false;
    return relIsCandidate ? equal(i, set) : equal(set, i);
  }

  /** The interval a one-variable relation describes ({@code x \le 3}, {@code 1 < x \le 2}), or null. */
  static Interval interval(Rel r) {
    MathExpr inf = new MathExpr.Const("inf");
    List<MathExpr> s = r.sides();
    List<String> ops = r.ops();
    if (ops.size() == 1) {
      boolean varLeft = s.get(0) instanceof Var && !(s.get(1) instanceof Var);
      boolean varRight = s.get(1) instanceof Var && !(s.get(0) instanceof Var);
      if (!varLeft && !varRight) return null;
      String op = varLeft ? ops.get(0) : flip(ops.get(0));
      MathExpr c = varLeft ? s.get(1) : s.get(0);
      return switch (op) {
        case ">" -> new Interval(false, c, inf, false);
        case ">=" -> new Interval(true, c, inf, false);
        case "<" -> new Interval(false, new Neg(inf), c, false);
        case "<=" -> new Interval(false, new Neg(inf), c, true);
        default -> null;
      };
    }
    if (ops.size() == 2 && s.get(1) instanceof Var && !(s.get(0) instanceof Var) && !(s.get(2) instanceof Var)) {
      boolean up = ops.stream().allMatch(o -> o.equals("<") || o.equals("<="));
      boolean down = ops.stream().allMatch(o -> o.equals(">") || o.equals(">="));
      if (up) return new Interval(ops.get(0).equals("<="), s.get(0), s.get(2), ops.get(1).equals("<="));
      if (down) return new Interval(ops.get(1).equals(">="), s.get(2), s.get(0), ops.get(0).equals(">="));
    }
    return null;
  }

  private static boolean symmetric(String op) {
    return op.equals("=") || op.equals("!=");
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case ">" -> "<";
      case "<=" -> ">=";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private boolean pairwise(List<MathExpr> a, List<MathExpr> b) {
    for (int i = 0; i < a.size(); i++) if (!expr(a.get(i), b.get(i))) return false;
    return true;
  }

  /** Equality of two scalar expressions. */
  boolean expr(MathExpr a, MathExpr b) {
    if (a.equals(b)) return true;
    int ia = MathExpr.infinitySign(a), ib = MathExpr.infinitySign(b);
    if (ia != 0 || ib != 0) return ia == ib;
    if (MathExpr.hasInfinity(a) || MathExpr.hasInfinity(b)) return false;
    Set<String> vars = new TreeSet<>();
    MathExpr.variables(a, vars);
    MathExpr.variables(b, vars);
    if (vars.isEmpty()) return constant(a, b);
    return symbolic(a, b, vars);
  }

  private boolean constant(MathExpr a, MathExpr b) {
    Rat ra = MathExpr.exact(a, budget);
    Rat rb = ra == null ? null : MathExpr.exact(b, budget);
    boolean decimal = MathExpr.hasDecimal(a) || MathExpr.hasDecimal(b);
    if (ra != null && rb != null) {
      if (ra.equals(rb)) return true;
      if (!decimal) return false;
      return rounded(ra, rb) || relative(ra, rb, tolerance);
    }
    Cx ca = MathExpr.eval(a, Map.of(), budget);
    Cx cb = MathExpr.eval(b, Map.of(), budget);
    if (!ca.finite() || !cb.finite()) return false;
    double tol = Math.max(tolerance, 1e-9);
    if (decimal && rounded(ca.re(), cb.re()) && rounded(ca.im(), cb.im())) return true;
    return close(ca, cb, tol);
  }

  /** Both round to the same value at 6 decimal places (math-verify's float_rounding). */
  private static boolean rounded(double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) return false;
    if (Math.abs(a) > 1e15 || Math.abs(b) > 1e15) return false;
    return new BigDecimal(a).setScale(6, RoundingMode.HALF_EVEN).compareTo(new BigDecimal(b).setScale(6, RoundingMode.HALF_EVEN)) == 0;
  }

  /** Both round to the same value at 6 decimal places, computed exactly. */
  private static boolean rounded(Rat a, Rat b) {
    return decimal(a, 6).compareTo(decimal(b, 6)) == 0;
  }

  private static BigDecimal decimal(Rat r, int places) {
    return new BigDecimal(r.num()).divide(new BigDecimal(r.den()), places, RoundingMode.HALF_EVEN);
  }

  /** |a - b| <= tol * max(|a|, |b|), computed exactly (a double would overflow on 2^{2005}). */
  private static boolean relative(Rat a, Rat b, double tol) {
    Rat diff = a.add(b.neg());
    BigDecimal d = abs(diff);
    BigDecimal m = abs(a).max(abs(b));
    return d.compareTo(m.multiply(new BigDecimal(tol), MathContext.DECIMAL64)) <= 0;
  }

  private static BigDecimal abs(Rat r) {
    return new BigDecimal(r.num().abs()).divide(new BigDecimal(r.den()), MathContext.DECIMAL64);
  }

  /**
   * Within {@code tol} relatively; or one side exactly 0 and the other below 1e-14, which is
   * rounding noise ({@code \sin \pi}), not a tiny answer.
   */
  private static boolean close(Cx a, Cx b, double tol) {
    double scale = Math.max(a.abs(), b.abs());
    if (a.sub(b).abs() <= tol * scale) return true;
    return (a.abs() == 0 || b.abs() == 0) && scale < 1e-14;
  }

  private boolean symbolic(MathExpr a, MathExpr b, Set<String> vars) {
    int valid = 0;
    for (int p = 0; p < POINTS; p++) {
      Map<String, Cx> env = new HashMap<>();
      for (String v : vars) env.put(v, point(v, p));
      Cx ca = MathExpr.eval(a, env, budget);
      Cx cb = MathExpr.eval(b, env, budget);
      boolean fa = ca.finite(), fb = cb.finite();
      if (fa != fb) return false;
      if (!fa) continue;
      if (!close(ca, cb, SYMBOLIC_TOLERANCE)) return false;
      valid++;
    }
    return valid >= 3;
  }

  /** A fixed point per variable and index: real part in [0.3, 1.8], imaginary part in [-0.6, 0.6]. */
  private static Cx point(String var, int p) {
    long h = var.hashCode() * 0x9E3779B97F4A7C15L + (p + 1) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    double u = ((h >>> 11) & ((1L << 26) - 1)) / (double) (1L << 26);
    double v = ((h >>> 37) & ((1L << 26) - 1)) / (double) (1L << 26);
    return new Cx(0.3 + 1.5 * u, -0.6 + 1.2 * v);
  }
}
