package io.plugboard.rewards.builtin;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed scalar expression and its two evaluations: exact (rationals, when the expression is
 * only integers, decimals, + - * / and integer powers) and approximate (complex doubles, at given
 * values of the variables). Both charge a {@link MathBudget}; exponents above
 * {@link #MAX_EXPONENT} and factorials above {@link #MAX_FACTORIAL} are refused (budget
 * exceeded) rather than computed.
 */
sealed interface MathExpr {
  int MAX_EXPONENT = 10_000;
  int MAX_FACTORIAL = 5_000;
  int MAX_BITS = 24_000;

  /** A number literal; {@code decimal} when written with a decimal point or exponent. */
  record Num(Rat value, boolean decimal) implements MathExpr {}

  /** A variable such as {@code x}, {@code x_1} or {@code \theta}. */
  record Var(String name) implements MathExpr {}

  /** {@code pi}, {@code e}, {@code i} or {@code inf}. */
  record Const(String name) implements MathExpr {}

  record Neg(MathExpr x) implements MathExpr {}

  record Add(MathExpr a, MathExpr b) implements MathExpr {}

  record Mul(MathExpr a, MathExpr b) implements MathExpr {}

  record Div(MathExpr a, MathExpr b) implements MathExpr {}

  record Pow(MathExpr base, MathExpr exp) implements MathExpr {}

  /** A function: sqrt, root (index, radicand), sin, cos, ..., log (base, x), ln, exp, abs, fact, binom, floor, ceil. */
  record Fn(String name, List<MathExpr> args) implements MathExpr {}

  /** An exact rational, always in lowest terms with a positive denominator. */
  record Rat(BigInteger num, BigInteger den) {
    static final Rat ZERO = new Rat(BigInteger.ZERO, BigInteger.ONE);
    static final Rat ONE = new Rat(BigInteger.ONE, BigInteger.ONE);

    static Rat of(BigInteger n, BigInteger d) {
      if (d.signum() == 0) return null;
      if (d.signum() < 0) {
        n = n.negate();
        d = d.negate();
      }
      BigInteger g = n.gcd(d);
      if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
        n = n.divide(g);
        d = d.divide(g);
      }
      if ((long) n.bitLength() + d.bitLength() > MAX_BITS) throw new MathBudget.Exceeded("number too large");
      return new Rat(n, d);
    }

    /** Reads {@code 12}, {@code 1.25}, {@code .5}, {@code 3e-4}, {@code 2.5E3}. */
    static Rat parse(String s) {
      String m = s;
      int exp = 0;
      int e = Math.max(m.indexOf('e'), m.indexOf('E'));
      if (e >= 0) {
        String es = m.substring(e + 1);
        if (es.length() > 6) throw new MathBudget.Exceeded("exponent too large in " + s);
        exp = Integer.parseInt(es.startsWith("+") ? es.substring(1) : es);
        m = m.substring(0, e);
      }
      int dot = m.indexOf('.');
      if (dot >= 0) {
        exp -= m.length() - dot - 1;
        m = m.substring(0, dot) + m.substring(dot + 1);
      }
      if (Math.abs(exp) > MAX_EXPONENT) throw new MathBudget.Exceeded("exponent too large in " + s);
      BigInteger n = new BigInteger(m.isEmpty() ? "0" : m);
      return exp >= 0 ? of(n.multiply(BigInteger.TEN.pow(exp)), BigInteger.ONE) : of(n, BigInteger.TEN.pow(-exp));
    }

    Rat add(Rat o) {
      return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rat mul(Rat o) {
      return of(num.multiply(o.num), den.multiply(o.den));
    }

    Rat div(Rat o) {
      return o.num.signum() == 0 ? null : of(num.multiply(o.den), den.multiply(o.num));
    }

    Rat neg() {
      return new Rat(num.negate(), den);
    }

    boolean isInteger() {
      return den.equals(BigInteger.ONE);
    }

    double toDouble() {
      if (num.bitLength() < 1000 && den.bitLength() < 1000) return num.doubleValue() / den.doubleValue();
      return new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
    }
  }

  /** A complex double. */
  record Cx(double re, double im) {
    static final Cx NAN = new Cx(Double.NaN, Double.NaN);

    static Cx real(double r) {
      return new Cx(r, 0);
    }

    boolean finite() {
      return Double.isFinite(re) && Double.isFinite(im);
    }

    boolean isReal() {
      return im == 0;
    }

    double abs() {
      return Math.hypot(re, im);
    }

    Cx add(Cx o) {
      return new Cx(re + o.re, im + o.im);
    }

    Cx sub(Cx o) {
      return new Cx(re - o.re, im - o.im);
    }

    Cx mul(Cx o) {
      return new Cx(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Cx div(Cx o) {
      double d = o.re * o.re + o.im * o.im;
      if (d == 0) return NAN;
      return new Cx((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    Cx neg() {
      return new Cx(-re, -im);
    }

    Cx log() {
      return new Cx(Math.log(abs()), Math.atan2(im, re));
    }

    Cx exp() {
      double m = Math.exp(re);
      return im == 0 ? real(m) : new Cx(m * Math.cos(im), m * Math.sin(im));
    }

    Cx sqrt() {
      if (im == 0) return re >= 0 ? real(Math.sqrt(re)) : new Cx(0, Math.sqrt(-re));
      double m = abs();
      double a = Math.sqrt((m + re) / 2);
      double b = Math.copySign(Math.sqrt((m - re) / 2), im);
      return new Cx(a, b);
    }

    Cx pow(Cx e, MathBudget budget) {
      if (e.im == 0 && e.re == Math.rint(e.re) && Math.abs(e.re) <= 64) {
        int n = (int) Math.abs(e.re);
        Cx r = real(1);
        Cx b = this;
        budget.charge(n);
        while (n > 0) {
          if ((n & 1) == 1) r = r.mul(b);
          b = b.mul(b);
          n >>= 1;
        }
        return e.re < 0 ? real(1).div(r) : r;
      }
      if (re == 0 && im == 0) return e.re > 0 ? real(0) : NAN;
      if (im == 0 && e.im == 0 && re > 0) return real(Math.pow(re, e.re));
      if (im == 0 && e.im == 0 && re < 0 && e.re == Math.rint(e.re)) return real(Math.pow(re, e.re));
      return log().mul(e).exp();
    }
  }

  /** The exact value, or null when the expression is not a plain rational computation. */
  static Rat exact(MathExpr x, MathBudget budget) {
    Rat r = exactStep(x, budget);
    // arithmetic on numbers of thousands of bits is not free: charge for their size
    if (r != null && r.num().bitLength() + r.den().bitLength() > 1024)
      budget.charge((r.num().bitLength() + (long) r.den().bitLength()) / 1024);
    return r;
  }

  private static Rat exactStep(MathExpr x, MathBudget budget) {
    budget.step();
    if (x instanceof Num n) return n.value();
    if (x instanceof Neg n) {
      Rat a = exact(n.x(), budget);
      return a == null ? null : a.neg();
    }
    if (x instanceof Add a) {
      Rat l = exact(a.a(), budget);
      Rat r = l == null ? null : exact(a.b(), budget);
      return r == null ? null : l.add(r);
    }
    if (x instanceof Mul m) {
      Rat l = exact(m.a(), budget);
      Rat r = l == null ? null : exact(m.b(), budget);
      return r == null ? null : l.mul(r);
    }
    if (x instanceof Div d) {
      Rat l = exact(d.a(), budget);
      Rat r = l == null ? null : exact(d.b(), budget);
      return r == null ? null : l.div(r);
    }
    if (x instanceof Pow p) {
      Rat b = exact(p.base(), budget);
      Rat e = b == null ? null : exact(p.exp(), budget);
      if (e == null || !e.isInteger()) return null;
      return power(b, e.num(), budget);
    }
    if (x instanceof Fn f) return exactFn(f, budget);
    return null;
  }

  private static Rat power(Rat b, BigInteger e, MathBudget budget) {
    if (b.num().signum() == 0) return e.signum() > 0 ? Rat.ZERO : e.signum() == 0 ? Rat.ONE : null;
    if (b.num().abs().equals(BigInteger.ONE) && b.den().equals(BigInteger.ONE))
      return b.num().signum() > 0 || !e.testBit(0) ? Rat.ONE : b;
    if (e.bitLength() > 31 || Math.abs(e.intValue()) > MAX_EXPONENT)
      throw new MathBudget.Exceeded("exponent " + (e.bitLength() > 64 ? "with " + e.bitLength() + " bits" : e) + " too large");
    int n = e.intValue();
    long bits = (long) Math.abs(n) * (b.num().bitLength() + b.den().bitLength());
    if (bits > MAX_BITS) throw new MathBudget.Exceeded("power too large");
    budget.charge(Math.abs(n) / 8 + 1);
    // b is in lowest terms, so are its powers: no gcd (slow on numbers of thousands of bits)
    BigInteger pn = b.num().pow(Math.abs(n)), pd = b.den().pow(Math.abs(n));
    if (n >= 0) return new Rat(pn, pd);
    return pn.signum() < 0 ? new Rat(pd.negate(), pn.negate()) : new Rat(pd, pn);
  }

  private static Rat exactFn(Fn f, MathBudget budget) {
    switch (f.name()) {
      case "abs" -> {
        Rat a = exact(f.args().get(0), budget);
        return a == null ? null : a.num().signum() < 0 ? a.neg() : a;
      }
      case "fact" -> {
        Rat a = exact(f.args().get(0), budget);
        if (a == null || !a.isInteger() || a.num().signum() < 0) return null;
        if (a.num().compareTo(BigInteger.valueOf(MAX_FACTORIAL)) > 0) throw new MathBudget.Exceeded("factorial of " + a.num() + " too large");
        int n = a.num().intValue();
        budget.charge(n);
        BigInteger r = BigInteger.ONE;
        for (int k = 2; k <= n; k++) r = r.multiply(BigInteger.valueOf(k));
        return Rat.of(r, BigInteger.ONE);
      }
      case "binom" -> {
        Rat n = exact(f.args().get(0), budget);
        Rat k = n == null ? null : exact(f.args().get(1), budget);
        if (k == null || !n.isInteger() || !k.isInteger() || k.num().signum() < 0 || n.num().signum() < 0) return null;
        if (n.num().compareTo(BigInteger.valueOf(MAX_FACTORIAL)) > 0) throw new MathBudget.Exceeded("binomial too large");
        int nn = n.num().intValue(), kk = k.num().intValue();
        if (kk > nn) return Rat.ZERO;
        budget.charge(kk);
        BigInteger r = BigInteger.ONE;
        for (int j = 1; j <= kk; j++) r = r.multiply(BigInteger.valueOf(nn - kk + j)).divide(BigInteger.valueOf(j));
        return Rat.of(r, BigInteger.ONE);
      }
      case "floor", "ceil" -> {
        Rat a = exact(f.args().get(0), budget);
        if (a == null) return null;
        BigInteger[] qr = a.num().divideAndRemainder(a.den());
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
          if (f.name().equals("floor") && a.num().signum() < 0) q = q.subtract(BigInteger.ONE);
          if (f.name().equals("ceil") && a.num().signum() > 0) q = q.add(BigInteger.ONE);
        }
        return Rat.of(q, BigInteger.ONE);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * The approximate value with the variables bound by {@code env} (missing ones are NaN). A value
   * that overflowed or underflowed on the way (2004! as a double, 10^{-400}) is NaN, never a
   * misleading infinity or zero: such values are not compared.
   */
  static Cx eval(MathExpr x, Map<String, Cx> env, MathBudget budget) {
    Cx r = evalStep(x, env, budget);
    return r.finite() ? r : Cx.NAN;
  }

  private static boolean zero(Cx c) {
    return c.re() == 0 && c.im() == 0;
  }

  private static Cx evalStep(MathExpr x, Map<String, Cx> env, MathBudget budget) {
    budget.step();
    if (x instanceof Num n) return Cx.real(n.value().toDouble());
    if (x instanceof Var v) return env.getOrDefault(v.name(), Cx.NAN);
    if (x instanceof Const c) {
      return switch (c.name()) {
        case "pi" -> Cx.real(Math.PI);
        case "e" -> Cx.real(Math.E);
        case "i" -> new Cx(0, 1);
        default -> Cx.real(Double.POSITIVE_INFINITY);
      };
    }
    if (x instanceof Neg n) return eval(n.x(), env, budget).neg();
    if (x instanceof Add a) return eval(a.a(), env, budget).add(eval(a.b(), env, budget));
    if (x instanceof Mul m) {
      Cx a = eval(m.a(), env, budget), b = eval(m.b(), env, budget);
      Cx r = a.mul(b);
      return zero(r) && !zero(a) && !zero(b) ? Cx.NAN : r;
    }
    if (x instanceof Div d) {
      Cx a = eval(d.a(), env, budget), b = eval(d.b(), env, budget);
      Cx r = a.div(b);
      return zero(r) && !zero(a) ? Cx.NAN : r;
    }
    if (x instanceof Pow p) {
      Cx e = eval(p.exp(), env, budget);
      Cx b = eval(p.base(), env, budget);
      if (e.finite() && e.abs() > MAX_EXPONENT && b.abs() != 0 && b.abs() != 1)
        throw new MathBudget.Exceeded("exponent " + e.re() + " too large");
      Cx r = b.pow(e, budget);
      return zero(r) && !zero(b) ? Cx.NAN : r;
    }
    return evalFn((Fn) x, env, budget);
  }

  private static Cx evalFn(Fn f, Map<String, Cx> env, MathBudget budget) {
    Cx a = eval(f.args().get(0), env, budget);
    Cx b = f.args().size() > 1 ? eval(f.args().get(1), env, budget) : null;
    return switch (f.name()) {
      case "sqrt" -> a.sqrt();
      case "root" -> {
        // args: index, radicand; a real odd root of a negative real is real
        if (a.isReal() && b.isReal() && b.re() < 0 && a.re() == Math.rint(a.re()) && ((long) a.re()) % 2 != 0)
          yield Cx.real(-Math.pow(-b.re(), 1 / a.re()));
        yield b.pow(Cx.real(1).div(a), budget);
      }
      case "exp" -> zero(a.exp()) ? Cx.NAN : a.exp();
      case "ln" -> a.log();
      case "log" -> b == null ? a.log() : b.log().div(a.log());
      case "sin" -> sin(a);
      case "cos" -> cos(a);
      case "tan" -> sin(a).div(cos(a));
      case "cot" -> cos(a).div(sin(a));
      case "sec" -> Cx.real(1).div(cos(a));
      case "csc" -> Cx.real(1).div(sin(a));
      case "arcsin" -> a.isReal() && Math.abs(a.re()) <= 1 ? Cx.real(Math.asin(a.re())) : Cx.NAN;
      case "arccos" -> a.isReal() && Math.abs(a.re()) <= 1 ? Cx.real(Math.acos(a.re())) : Cx.NAN;
      case "arctan" -> a.isReal() ? Cx.real(Math.atan(a.re())) : Cx.NAN;
      case "abs" -> Cx.real(a.abs());
      case "floor" -> a.isReal() ? Cx.real(Math.floor(a.re())) : Cx.NAN;
      case "ceil" -> a.isReal() ? Cx.real(Math.ceil(a.re())) : Cx.NAN;
      case "fact" -> {
        if (!a.isReal() || a.re() != Math.rint(a.re()) || a.re() < 0) yield Cx.NAN;
        if (a.re() > MAX_FACTORIAL) throw new MathBudget.Exceeded("factorial of " + a.re() + " too large");
        double r = 1;
        for (int k = 2; k <= (int) a.re(); k++) r *= k;
        budget.charge((long) a.re());
        yield Cx.real(r);
      }
      case "binom" -> {
        if (!a.isReal() || !b.isReal() || a.re() != Math.rint(a.re()) || b.re() != Math.rint(b.re())) yield Cx.NAN;
        if (a.re() > MAX_FACTORIAL) throw new MathBudget.Exceeded("binomial too large");
        double r = 1;
        int n = (int) a.re(), k = (int) b.re();
        if (k < 0 || n < 0) yield Cx.NAN;
        if (k > n) yield Cx.real(0);
        for (int j = 1; j <= k; j++) r = r * (n - k + j) / j;
        budget.charge(k);
        yield Cx.real(Math.rint(r));
      }
      default -> Cx.NAN;
    };
  }

  private static Cx sin(Cx a) {
    return new Cx(Math.sin(a.re()) * Math.cosh(a.im()), Math.cos(a.re()) * Math.sinh(a.im()));
  }

  private static Cx cos(Cx a) {
    return new Cx(Math.cos(a.re()) * Math.cosh(a.im()), -Math.sin(a.re()) * Math.sinh(a.im()));
  }

  /** The direct subexpressions of {@code x}. */
  static List<MathExpr> children(MathExpr x) {
    if (x instanceof Neg n) return List.of(n.x());
    if (x instanceof Add a) return List.of(a.a(), a.b());
    if (x instanceof Mul m) return List.of(m.a(), m.b());
    if (x instanceof Div d) return List.of(d.a(), d.b());
    if (x instanceof Pow p) return List.of(p.base(), p.exp());
    if (x instanceof Fn f) return f.args();
    return List.of();
  }

  /** Adds the names of the variables in {@code x} to {@code out}. */
  static void variables(MathExpr x, Set<String> out) {
    if (x instanceof Var v) out.add(v.name());
    for (MathExpr c : children(x)) variables(c, out);
  }

  /** True when a decimal literal (1.5, 2e3) occurs in {@code x}. */
  static boolean hasDecimal(MathExpr x) {
    if (x instanceof Num n) return n.decimal();
    for (MathExpr c : children(x)) if (hasDecimal(c)) return true;
    return false;
  }

  /** +1 or -1 when {@code x} is plus or minus infinity, else 0. */
  static int infinitySign(MathExpr x) {
    if (x instanceof Const c && c.name().equals("inf")) return 1;
    if (x instanceof Neg n) return -infinitySign(n.x());
    return 0;
  }

  /** True when infinity occurs anywhere in {@code x}. */
  static boolean hasInfinity(MathExpr x) {
    if (x instanceof Const c) return c.name().equals("inf");
    for (MathExpr c : children(x)) if (hasInfinity(c)) return true;
    return false;
  }
}
