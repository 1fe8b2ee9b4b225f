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
import io.plugboard.rewards.builtin.MathExpr.Const;
import io.plugboard.rewards.builtin.MathExpr.Div;
import io.plugboard.rewards.builtin.MathExpr.Fn;
import io.plugboard.rewards.builtin.MathExpr.Mul;
import io.plugboard.rewards.builtin.MathExpr.Neg;
import io.plugboard.rewards.builtin.MathExpr.Num;
import io.plugboard.rewards.builtin.MathExpr.Pow;
import io.plugboard.rewards.builtin.MathExpr.Rat;
import io.plugboard.rewards.builtin.MathExpr.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a LaTeX answer span and parses it to a {@link MathAnswer}. A small hand-written
 * recursive-descent parser: numbers (thousands separators, decimals, mixed numbers; scientific notation as
 * {@code 1.5 \times 10^{8}}), {@code + - * / ^ !}, implicit multiplication, {@code \frac \sqrt \binom}, functions,
 * {@code \pi e i \infty}, relations, intervals and unions, tuples, sets, pmatrix/bmatrix and text.
 * Stateless and thread-safe; work is charged to a {@link MathBudget}.
 */
final class MathTex {
  private MathTex() {}

  /** Thrown for a span the grammar does not cover; the caller falls back to text comparison. */
  static final class Unparsable extends RuntimeException {
    Unparsable(String message) {
      super(message, null, false, false);
    }
  }

  /** Longest span parsed; longer spans are refused as over budget. */
  static final int MAX_CHARS = 20_000;

  private static final Set<String> UNITS = Set.of(
      "cm", "mm", "km", "m", "meter", "meters", "metre", "metres", "centimeters", "kilometers", "inch", "inches", "in",
      "ft", "feet", "foot", "yard", "yards", "mile", "miles", "mph", "units", "unit", "sq", "square", "cubic",
      "degree", "degrees", "deg", "radians", "dollars", "dollar", "cents", "cent", "hours", "hour", "minutes",
      "minute", "seconds", "second", "days", "day", "weeks", "years", "year", "grams", "gram", "kg", "pounds",
      "ounces", "liters", "gallons", "people", "students", "ways", "times", "percent", "points", "min");
  private static final Set<String> FUNCTIONS = Set.of(
      "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "ln", "log", "exp", "sqrt");
  private static final Set<String> GREEK = Set.of(
      "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
      "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
      "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega");
  private static final Map<String, String> RELATIONS = Map.ofEntries(
      Map.entry("=", "="), Map.entry("<", "<"), Map.entry(">", ">"), Map.entry("le", "<="), Map.entry("leq", "<="),
      Map.entry("leqslant", "<="), Map.entry("ge", ">="), Map.entry("geq", ">="), Map.entry("geqslant", ">="),
      Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("ne", "!="), Map.entry("neq", "!="));
  private static final Pattern TEXT_CMD = Pattern.compile(
      "\\\\(?:text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mbox|hbox|textsf)\\s*\\{");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]{2,}");
  private static final Pattern UNIT_POWER = Pattern.compile("\u0000\\s*\\^\\s*(?:\\{\\s*[23]\\s*}|[23])");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern LEFT_RIGHT = Pattern.compile("\\\\(?:left|right|big|Big|bigg|Bigg|bigl|bigr|Bigl|Bigr)(?![A-Za-z])\\.?");

  /** A normalised span and the text words it held. */
  record Normal(String tex, boolean wordsOnly) {}

  private static final Pattern PLUS_MINUS = Pattern.compile("\\\\(?:pm|mp)(?![A-Za-z])");

  /** Normalises a span: wrappers, spacing, {@code \dfrac}, degrees, units, thousands braces, trailing dots. */
  static Normal normalise(String span) {
    String t = span.strip();
    if (t.indexOf('$') >= 0) t = t.replace("$", " ");
    if (t.chars().anyMatch(c -> c > 127)) {
      t = t.replace("\u2212", "-").replace("\u00d7", "\\times ").replace("\u00b7", "\\cdot ").replace("\u03c0", "\\pi ")
          .replace("\u221e", "\\infty ").replace("\u2264", "\\le ").replace("\u2265", "\\ge ").replace("\u2260", "\\ne ")
          .replace("\u221a", "\\sqrt").replace("\u2205", "\\emptyset ").replace("\u00b0", " ");
    }
    if (t.indexOf('\\') >= 0) {
      // most GSM8K answers have no backslash: they skip this
      t = t.replace("\\\\", "\u0001");
      t = t.replace("\\displaystyle", " ").replace("\\(", " ").replace("\\)", " ").replace("\\[", " ").replace("\\]", " ");
      t = t.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\dbinom", "\\binom").replace("\\tbinom", "\\binom");
      t = t.replace("\\left\\{", "\\{").replace("\\right\\}", "\\}");
      t = LEFT_RIGHT.matcher(t).replaceAll(m -> m.group().endsWith(".") ? " " : "");
      t = t.replace("\\!", "").replace("\\,", " ").replace("\\;", " ").replace("\\:", " ")
          .replace("\\ ", " ").replace("\\qquad", " ").replace("\\quad", " ");
      t = t.replace("^\\circ", " ").replace("^{\\circ}", " ").replace("^{ \\circ }", " ").replace("\\circ", " ").replace("\\degree", " ");
      t = t.replace("\\%", "%").replace("\\$", " ").replace("\\emptyset", "\\{\\}").replace("\\varnothing", "\\{\\}");
      t = t.replace("\\dots", " ").replace("\\ldots", " ").replace("\\cdots", " ");
    }
    t = t.replace("{,}", "").replace("~", " ");
    Set<String> textWords = new HashSet<>();
    if (t.indexOf('\\') >= 0) t = unwrapText(t, textWords);
    boolean hasDigit = t.chars().anyMatch(Character::isDigit);
    if (!textWords.isEmpty() && !hasDigit && wordsOnly(t)) return new Normal(textKey(t.replace("\u0001", " ")), true);
    if (hasWord(t)) t = dropUnits(t, textWords, hasDigit);
    t = t.replace("\u0001", "\\\\").strip();
    while (!t.isEmpty() && ".,;:".indexOf(t.charAt(t.length() - 1)) >= 0) t = t.substring(0, t.length() - 1).strip();
    while (!t.isEmpty() && ",;:".indexOf(t.charAt(0)) >= 0) t = t.substring(1).strip();
    return new Normal(t, false);
  }

  /** True when {@code t} has a run of two letters (a word, a command name). */
  private static boolean hasWord(String t) {
    for (int i = 1; i < t.length(); i++)
      if (Character.isLetter(t.charAt(i)) && Character.isLetter(t.charAt(i - 1))) return true;
    return false;
  }

  /** Drops unit words after numbers, turns "or"/"and" into commas; commands stay. */
  private static String dropUnits(String t, Set<String> textWords, boolean hasDigit) {
    Matcher w = WORD.matcher(t);
    StringBuilder out = new StringBuilder();
    while (w.find()) {
      String word = w.group();
      String lw = word.toLowerCase(Locale.ROOT);
      boolean command = w.start() > 0 && t.charAt(w.start() - 1) == '\\';
      String rep;
      if (command) rep = word;
      else if (lw.equals("or") || lw.equals("and")) rep = ",";
      else if (hasDigit && (textWords.contains(lw) || UNITS.contains(lw))) rep = " \u0000";
      else rep = word;
      w.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    w.appendTail(out);
    return out.indexOf("\u0000") < 0 ? out.toString() : UNIT_POWER.matcher(out).replaceAll(" ").replace("\u0000", " ");
  }

  private static String unwrapText(String t, Set<String> words) {
    Matcher m = TEXT_CMD.matcher(t);
    StringBuilder b = new StringBuilder();
    int from = 0;
    while (m.find(from)) {
      int close = matchBrace(t, m.end() - 1);
      if (close < 0) break;
      String inner = t.substring(m.end(), close);
      Matcher w = WORD.matcher(inner);
      while (w.find()) words.add(w.group().toLowerCase(Locale.ROOT));
      b.append(t, from, m.start()).append(' ').append(inner).append(' ');
      from = close + 1;
    }
    b.append(t.substring(from));
    return b.toString();
  }

  private static boolean wordsOnly(String t) {
    Matcher w = WORD.matcher(t);
    while (w.find()) {
      boolean command = w.start() > 0 && t.charAt(w.start() - 1) == '\\';
      if (!command && !FUNCTIONS.contains(w.group())) return true;
    }
    return false;
  }

  /**
   * Text as compared: lower case, {@code _{5}} as {@code _5}, {@code \cmd{x}} and backslashes as words,
   * single spaces. Signs and operators stay, so {@code \mathbb{R}^+} is not {@code R}.
   */
  static String textKey(String t) {
    String s = t.toLowerCase(Locale.ROOT);
    s = SUB_SUP_GROUP.matcher(s).replaceAll("$1$2");
    s = COMMAND_GROUP.matcher(s).replaceAll(" $1 $2 ");
    return SPACES.matcher(s.replace('\\', ' ')).replaceAll(" ").strip();
  }

  private static final Pattern SUB_SUP_GROUP = Pattern.compile("([_^])\\{\\s*([a-z0-9]+)\\s*}");
  private static final Pattern COMMAND_GROUP = Pattern.compile("\\\\([a-z]+)\\s*\\{\\s*([a-z0-9]+)\\s*}");

  /** Index of the brace closing the one at {@code open}, or -1. */
  static int matchBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return i;
    }
    return -1;
  }

  /** Parses a span: the normalised form, then the grammar; text when it is only words. */
  static MathAnswer parse(String span, MathBudget budget) {
    if (span.length() > MAX_CHARS) throw new MathBudget.Exceeded("answer of " + span.length() + " characters");
    budget.charge(span.length());
    Normal n = normalise(span);
    if (n.wordsOnly()) return new Text(n.tex());
    String t = n.tex();
    if (t.isEmpty()) throw new Unparsable("empty answer");
    Matcher pmAt = PLUS_MINUS.matcher(t);
    int pm = -1, mp = -1;
    if (pmAt.find()) {
      if (pmAt.group().equals("\\pm")) pm = pmAt.start();
      else mp = pmAt.start();
    }
    if (pm >= 0 || mp >= 0) {
      // a ± b is the set {a + b, a - b}
      String op = pm >= 0 ? "\\pm" : "\\mp";
      int at = pm >= 0 ? pm : mp;
      String plus = t.substring(0, at) + (pm >= 0 ? "+" : "-") + t.substring(at + op.length());
      String minus = t.substring(0, at) + (pm >= 0 ? "-" : "+") + t.substring(at + op.length());
      if (t.substring(0, at).isBlank()) {
        plus = t.substring(at + op.length());
        minus = "-(" + t.substring(at + op.length()) + ")";
      }
      List<MathAnswer> both = new ArrayList<>();
      for (String s : List.of(plus, minus)) {
        MathAnswer a = parse(s, budget);
        if (a instanceof SetOf set) both.addAll(set.items());
        else both.add(a);
      }
      return new SetOf(both);
    }
    return new Parser(tokens(t, budget), budget).top();
  }

  // ---------------------------------------------------------------- tokens

  enum Kind { NUM, ID, CMD, SYM, END }

  record Tok(Kind kind, String text) {
    boolean is(String s) {
      return (kind == Kind.SYM || kind == Kind.CMD) && text.equals(s);
    }
  }

  private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?(?![\\d])");
  /** No {@code 2e-1} scientific notation: in LaTeX that is 2e − 1, as math-verify reads it. */
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");

  static List<Tok> tokens(String t, MathBudget budget) {
    List<Tok> out = new ArrayList<>();
    int depth = 0;
    int i = 0;
    boolean thousandsOk = !t.contains(", ");
    Matcher thousands = THOUSANDS.matcher(t);
    Matcher number = NUMBER.matcher(t);
    while (i < t.length()) {
      budget.step();
      char c = t.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (Character.isDigit(c) || (c == '.' && i + 1 < t.length() && Character.isDigit(t.charAt(i + 1)))) {
        Matcher th = thousands.region(i, t.length());
        if (depth == 0 && thousandsOk && th.lookingAt()) {
          out.add(new Tok(Kind.NUM, th.group().replace(",", "")));
          i = th.end();
          continue;
        }
        Matcher m = number.region(i, t.length());
        if (!m.lookingAt()) throw new Unparsable("bad number at " + i);
        String num = m.group();
        if (num.endsWith(".")) num = num.substring(0, num.length() - 1);
        out.add(new Tok(Kind.NUM, num));
        i = m.end();
        continue;
      }
      if (c == '\\') {
        int j = i + 1;
        while (j < t.length() && Character.isLetter(t.charAt(j))) j++;
        if (j == i + 1) {
          if (j >= t.length()) throw new Unparsable("lone backslash");
          String sym = t.substring(i, j + 1);
          out.add(new Tok(Kind.SYM, sym));
          if (sym.equals("\\{")) depth++;
          if (sym.equals("\\}")) depth--;
          i = j + 1;
          continue;
        }
        String name = t.substring(i + 1, j);
        if (name.equals("begin") || name.equals("end")) {
          int open = t.indexOf('{', j);
          int close = open < 0 ? -1 : t.indexOf('}', open);
          if (open < 0 || close < 0 || !t.substring(j, open).isBlank()) throw new Unparsable("bad \\" + name);
          out.add(new Tok(Kind.CMD, name + ":" + t.substring(open + 1, close).strip()));
          i = close + 1;
          continue;
        }
        if (name.equals("operatorname") || name.equals("mathbb") || name.equals("mathcal")) {
          int open = t.indexOf('{', j);
          int close = open < 0 ? -1 : matchBrace(t, open);
          if (open < 0 || close < 0) throw new Unparsable("bad \\" + name);
          String inner = t.substring(open + 1, close).strip();
          out.add(new Tok(Kind.CMD, name.equals("operatorname") ? inner : name + ":" + inner));
          i = close + 1;
          continue;
        }
        out.add(new Tok(Kind.CMD, name));
        i = j;
        continue;
      }
      if (Character.isLetter(c)) {
        int j = i;
        while (j < t.length() && Character.isLetter(t.charAt(j))) j++;
        String run = t.substring(i, j);
        if (FUNCTIONS.contains(run)) {
          out.add(new Tok(Kind.CMD, run));
          i = j;
          continue;
        }
        if (c > 127) throw new Unparsable("letter " + c);
        out.add(new Tok(Kind.ID, String.valueOf(c)));
        i++;
        continue;
      }
      if ("([{".indexOf(c) >= 0) depth++;
      if (")]}".indexOf(c) >= 0) depth--;
      if (c == '<' || c == '>' || c == '!') {
        if (i + 1 < t.length() && t.charAt(i + 1) == '=') {
          out.add(new Tok(Kind.SYM, c + "="));
          i += 2;
          continue;
        }
      }
      out.add(new Tok(Kind.SYM, String.valueOf(c)));
      i++;
    }
    out.add(new Tok(Kind.END, ""));
    return out;
  }

  // ---------------------------------------------------------------- parser

  /** One parse: a cursor over the tokens. */
  private static final class Parser {
    private final List<Tok> toks;
    private final MathBudget budget;
    private int at;
    private int nesting;
    /** Token positions where no bracketed structure starts: parsing is context-free, so a failure stays one. */
    private final Set<Integer> noStructureAt = new HashSet<>();

    Parser(List<Tok> toks, MathBudget budget) {
      this.toks = toks;
      this.budget = budget;
    }

    Tok peek() {
      return toks.get(at);
    }

    Tok peek(int k) {
      return toks.get(Math.min(at + k, toks.size() - 1));
    }

    Tok next() {
      budget.step();
      Tok t = toks.get(at);
      if (t.kind() != Kind.END) at++;
      return t;
    }

    boolean accept(String s) {
      if (peek().is(s)) {
        at++;
        return true;
      }
      return false;
    }

    void expect(String s) {
      if (!accept(s)) throw new Unparsable("expected '" + s + "' but found '" + peek().text() + "'");
    }

    MathAnswer top() {
      List<MathAnswer> items = seq();
      if (peek().kind() != Kind.END) throw new Unparsable("unexpected '" + peek().text() + "'");
      return items.size() == 1 ? items.get(0) : new SetOf(items);
    }

    /** Items separated by commas or semicolons, up to a closing bracket or the end. */
    List<MathAnswer> seq() {
      List<MathAnswer> items = new ArrayList<>();
      items.add(union());
      while (accept(",") || accept(";")) {
        if (closes(peek())) break;
        items.add(union());
      }
      return items;
    }

    static boolean closes(Tok t) {
      return t.kind() == Kind.END || t.is(")") || t.is("]") || t.is("}") || t.is("\\}");
    }

    MathAnswer union() {
      MathAnswer first = relation();
      if (!peek().is("cup")) return first;
      List<MathAnswer> parts = new ArrayList<>(List.of(first));
      while (accept("cup")) parts.add(relation());
      return new Union(parts);
    }

    MathAnswer relation() {
      MathAnswer first = value();
      List<MathExpr> sides = new ArrayList<>();
      List<String> ops = new ArrayList<>();
      while (true) {
        Tok t = peek();
        if (t.is("in")) {
          // x \in S: the set S
          next();
          return union();
        }
        String op = relOp(t);
        if (op == null) break;
        next();
        if (sides.isEmpty()) sides.add(expr(first));
        ops.add(op);
        MathAnswer rhs = value();
        if (ops.size() == 1 && op.equals("=") && !(rhs instanceof Scalar) && isVar(sides.get(0))) return rhs;
        sides.add(expr(rhs));
      }
      return ops.isEmpty() ? first : new Rel(sides, ops);
    }

    static boolean isVar(MathExpr e) {
      return e instanceof Var;
    }

    static String relOp(Tok t) {
      if (t.kind() == Kind.SYM) {
        return switch (t.text()) {
          case "=", "<", ">" -> t.text();
          case "<=", ">=", "!=" -> t.text();
          default -> null;
        };
      }
      if (t.kind() == Kind.CMD) return t.text().equals("=") ? null : RELATIONS.get(t.text());
      return null;
    }

    MathExpr expr(MathAnswer a) {
      if (a instanceof Scalar s && !s.percent()) return s.expr();
      throw new Unparsable("not a scalar in an expression");
    }

    /** An additive expression, or a bracketed structure standing alone. */
    MathAnswer value() {
      if (++nesting > 200) throw new MathBudget.Exceeded("nesting deeper than 200");
      try {
        int start = at;
        MathAnswer structured = tryStructured();
        if (structured != null) {
          Tok t = peek();
          if (closes(t) || t.is(",") || t.is(";") || t.is("cup") || relOp(t) != null || t.is("%")) return structured;
          at = start;
        }
        MathExpr e = additive();
        boolean percent = accept("%");
        return new Scalar(e, percent);
      } finally {
        nesting--;
      }
    }

    /** A tuple, interval, set or matrix at the start of a value, or null. */
    MathAnswer tryStructured() {
      Tok t = peek();
      if ((t.is("(") || t.is("[")) && !noStructureAt.contains(at)) {
        int start = at;
        next();
        List<MathAnswer> items = seq();
        Tok close = next();
        boolean open = t.is("(");
        if (items.size() == 2 && (close.is(")") || close.is("]"))) {
          boolean loClosed = !open, hiClosed = close.is("]");
          if (open && !hiClosed) return new Tuple(items, true);
          return new Interval(loClosed, expr(items.get(0)), expr(items.get(1)), hiClosed);
        }
        if (items.size() > 2 && (open ? close.is(")") : close.is("]"))) return new Tuple(items, open);
        if (items.size() == 1 && !(items.get(0) instanceof Scalar) && (open ? close.is(")") : close.is("]")))
          return items.get(0);
        at = start;
        noStructureAt.add(start);
        return null;
      }
      if (t.is("\\{")) {
        next();
        if (accept("\\}")) return new SetOf(List.of());
        List<MathAnswer> items = seq();
        expect("\\}");
        return new SetOf(items);
      }
      if (t.kind() == Kind.CMD && t.text().startsWith("begin:")) return matrix();
      if (t.kind() == Kind.CMD && t.text().equals("mathbb:R")) {
        next();
        return new Interval(false, new Neg(new Const("inf")), new Const("inf"), false);
      }
      return null;
    }

    MathAnswer matrix() {
      String env = next().text().substring(6);
      if (!Set.of("pmatrix", "bmatrix", "matrix", "Bmatrix", "smallmatrix").contains(env))
        throw new Unparsable("environment " + env);
      List<List<MathExpr>> rows = new ArrayList<>();
      List<MathExpr> row = new ArrayList<>();
      while (true) {
        Tok t = peek();
        if (t.kind() == Kind.CMD && t.text().equals("end:" + env)) {
          next();
          break;
        }
        if (t.kind() == Kind.END) throw new Unparsable("unclosed " + env);
        row.add(additive());
        if (accept("&")) continue;
        if (accept("\\\\")) {
          rows.add(row);
          row = new ArrayList<>();
          continue;
        }
      }
      if (!row.isEmpty()) rows.add(row);
      if (rows.isEmpty()) throw new Unparsable("empty matrix");
      for (List<MathExpr> r : rows)
        if (r.size() != rows.get(0).size()) throw new Unparsable("ragged matrix");
      return new Matrix(rows);
    }

    MathExpr additive() {
      MathExpr left;
      if (accept("-")) left = new Neg(term());
      else {
        accept("+");
        left = term();
      }
      while (true) {
        if (accept("+")) left = new Add(left, term());
        else if (accept("-")) left = new Add(left, new Neg(term()));
        else return left;
      }
    }

    MathExpr term() {
      MathExpr left = unary();
      while (true) {
        Tok t = peek();
        if (t.is("*") || t.is("cdot") || t.is("times") || t.is("ast")) {
          next();
          left = new Mul(left, unary());
        } else if (t.is("/") || t.is("div")) {
          next();
          left = new Div(left, unary());
        } else if (startsAtom(t)) {
          left = new Mul(left, power());
        } else {
          return left;
        }
      }
    }

    MathExpr unary() {
      if (accept("-")) return new Neg(unary());
      if (accept("+")) return unary();
      return power();
    }

    boolean startsAtom(Tok t) {
      return switch (t.kind()) {
        case NUM, ID -> true;
        case CMD -> !RELATIONS.containsKey(t.text()) && !Set.of("cdot", "times", "div", "cup", "in", "ast").contains(t.text())
            && !t.text().startsWith("end:") && !Set.of("rfloor", "rceil", "rvert", "vert", "mid").contains(t.text());
        case SYM -> t.is("(") || t.is("{");
        default -> false;
      };
    }

    MathExpr power() {
      MathExpr base = postfix(atom());
      if (accept("^")) {
        MathExpr e = exponent();
        return postfix(new Pow(base, e));
      }
      return base;
    }

    MathExpr exponent() {
      if (accept("-")) return new Neg(exponent());
      Tok t = peek();
      if (t.kind() == Kind.NUM) {
        next();
        return number(t.text());
      }
      return atom();
    }

    MathExpr postfix(MathExpr x) {
      while (accept("!")) x = new Fn("fact", List.of(x));
      return x;
    }

    MathExpr group() {
      if (accept("{")) {
        MathExpr e = additiveInGroup("}");
        return e;
      }
      Tok t = peek();
      if (t.kind() == Kind.NUM && t.text().length() > 1 && t.text().chars().allMatch(Character::isDigit)) {
        // \frac12: one digit per argument
        next();
        toks.add(at, new Tok(Kind.NUM, t.text().substring(1)));
        return number(t.text().substring(0, 1));
      }
      return atom();
    }

    MathExpr additiveInGroup(String close) {
      MathAnswer a = value();
      expect(close);
      return expr(a);
    }

    static MathExpr number(String s) {
      return new Num(Rat.parse(s), s.contains(".") || s.contains("e") || s.contains("E"));
    }

    MathExpr atom() {
      Tok t = next();
      switch (t.kind()) {
        case NUM -> {
          MathExpr n = number(t.text());
          // mixed number: 3\frac{1}{2}
          if (peek().is("frac") && t.text().chars().allMatch(Character::isDigit) && mixedFollows()) {
            MathExpr frac = atom();
            return new Add(n, frac);
          }
          return n;
        }
        case ID -> {
          String name = t.text();
          if (peek().is("_")) {
            next();
            Tok sub = next();
            if (sub.kind() == Kind.END) throw new Unparsable("subscript missing");
            if (sub.is("{")) {
              StringBuilder b = new StringBuilder();
              while (!peek().is("}") && peek().kind() != Kind.END) b.append(next().text());
              expect("}");
              name = name + "_" + b;
            } else {
              name = name + "_" + sub.text();
            }
            return new Var(name);
          }
          if (name.equals("i")) return new Const("i");
          if (name.equals("e")) return new Const("e");
          return new Var(name);
        }
        case CMD -> {
          return command(t.text());
        }
        case SYM -> {
          if (t.is("(")) {
            MathAnswer a = value();
            expect(")");
            return expr(a);
          }
          if (t.is("[")) {
            MathAnswer a = value();
            expect("]");
            return expr(a);
          }
          if (t.is("{")) return additiveInGroup("}");
          if (t.is("|")) {
            MathExpr inner = additive();
            expect("|");
            return new Fn("abs", List.of(inner));
          }
          throw new Unparsable("unexpected '" + t.text() + "'");
        }
        default -> throw new Unparsable("answer ends early");
      }
    }

    boolean mixedFollows() {
      // \frac { int } { int }, or \frac12
      if (peek(1).kind() == Kind.NUM && peek(1).text().length() == 2 && peek(1).text().chars().allMatch(Character::isDigit))
        return true;
      return peek(1).is("{") && peek(2).kind() == Kind.NUM && peek(3).is("}") && peek(4).is("{")
          && peek(5).kind() == Kind.NUM && peek(6).is("}")
          && peek(2).text().chars().allMatch(Character::isDigit) && peek(5).text().chars().allMatch(Character::isDigit);
    }

    MathExpr command(String name) {
      switch (name) {
        case "pi" -> {
          return new Const("pi");
        }
        case "infty", "infin" -> {
          return new Const("inf");
        }
        case "imath" -> {
          return new Const("i");
        }
        case "frac", "cfrac" -> {
          MathExpr a = group();
          MathExpr b = group();
          return new Div(a, b);
        }
        case "binom" -> {
          MathExpr a = group();
          MathExpr b = group();
          return new Fn("binom", List.of(a, b));
        }
        case "sqrt" -> {
          if (accept("[")) {
            MathAnswer idx = value();
            expect("]");
            return new Fn("root", List.of(expr(idx), group()));
          }
          return new Fn("sqrt", List.of(group()));
        }
        case "lfloor", "lceil" -> {
          MathExpr inner = additive();
          expect(name.equals("lfloor") ? "rfloor" : "rceil");
          return new Fn(name.substring(1), List.of(inner));
        }
        case "lvert", "vert", "|" -> {
          MathExpr inner = additive();
          if (!accept("rvert") && !accept("vert")) expect("|");
          return new Fn("abs", List.of(inner));
        }
        default -> {}
      }
      if (GREEK.contains(name)) return new Var("\\" + name);
      if (FUNCTIONS.contains(name) || name.equals("arcsec") || name.equals("arccsc")) return function(name);
      throw new Unparsable("unknown command \\" + name);
    }

    MathExpr function(String name) {
      MathExpr base = null;
      MathExpr power = null;
      if (name.equals("log") && accept("_")) base = group();
      if (accept("^")) power = exponent();
      MathExpr arg;
      if (peek().is("(")) {
        next();
        MathAnswer a = value();
        expect(")");
        arg = expr(a);
      } else {
        arg = power();
        // \sin 2x: the argument runs over a product of atoms without operators
        while (startsAtom(peek()) && !peek().is("(") && !(peek().kind() == Kind.CMD && FUNCTIONS.contains(peek().text())))
          arg = new Mul(arg, power());
      }
      MathExpr f = name.equals("log") && base != null ? new Fn("log", List.of(base, arg))
          : name.equals("sqrt") ? new Fn("sqrt", List.of(arg)) : new Fn(name, List.of(arg));
      if (power != null) {
        if (power instanceof Neg n && n.x() instanceof Num one && one.value().equals(Rat.ONE) && name.matches("sin|cos|tan"))
          return new Fn("arc" + name, List.of(arg));
        return new Pow(f, power);
      }
      return f;
    }
  }
}
