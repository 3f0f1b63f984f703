using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// One thing to look for: a word (one term), a phrase (several terms in order), optionally a prefix (the last term),
/// optionally standing for people as well (a typed name that matched their spellings).
/// </summary>
/// <param name="Terms">Analysed terms (<see cref="SearchTerms.Term"/>: stems), in order.</param>
/// <param name="Normalized">The words as typed, normalised, for name matching.</param>
public sealed record QueryTerm(IReadOnlyList<string> Terms, IReadOnlyList<string> Normalized, bool Prefix)
{
    /// <summary>Slugs of the people this term also stands for.</summary>
    public IReadOnlyList<string> Persons { get; init; } = [];

    /// <summary>The exact forms (<see cref="SearchTerms.ExactTerm"/>), one per term of <see cref="Terms"/>.</summary>
    public IReadOnlyList<string> ExactTerms { get; init; } = [];

    /// <summary>
    /// Only the exact forms match (<c>"quoted"</c>, <c>=word</c>, a person's name); otherwise the stems match and the
    /// exact forms only add to the score.
    /// </summary>
    public bool Exact { get; init; }

    /// <summary><c>"a b"~N</c>: the exact forms within this many words of each other, in any order.</summary>
    public int? Near { get; init; }

    /// <summary><c>title:</c>: only in the title.</summary>
    public bool TitleOnly { get; init; }

    /// <summary>What was typed for it, for reading the query back.</summary>
    public string Raw { get; init; } = "";

    public bool IsPhrase => Terms.Count > 1;
}

/// <summary>Alternatives joined by OR; a query matches when every group has an alternative that matches.</summary>
public sealed record QueryGroup(IReadOnlyList<QueryTerm> Alternatives);

/// <summary>A parsed query: groups that must all hold, and terms that must not occur.</summary>
public sealed record ParsedQuery(IReadOnlyList<QueryGroup> Groups, IReadOnlyList<QueryTerm> Exclusions)
{
    public static ParsedQuery Empty { get; } = new([], []);

    /// <summary>Slugs given as <c>person:slug</c>: each must be mentioned (as the <c>person</c> filter).</summary>
    public IReadOnlyList<string> PersonFilters { get; init; } = [];

    /// <summary>Slugs given as <c>outlet:slug</c> (as the <c>outlet</c> filter; two different ones match nothing).</summary>
    public IReadOnlyList<string> OutletFilters { get; init; } = [];

    /// <summary>What was typed but means nothing to search for (brackets, stray quotes, operators alone), as typed.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public bool IsEmpty => Groups.Count == 0 && Exclusions.Count == 0;

    /// <summary>Nothing at all to search for or filter by: a query of junk alone, which answers nothing (not everything).</summary>
    public bool IsJunk => IsEmpty && PersonFilters.Count == 0 && OutletFilters.Count == 0;

    /// <summary>
    /// <see cref="ToFts"/> is phrases joined by OR and nothing else (one group, no exclusions): a row is a hit
    /// exactly when one of its phrases matches it.
    /// </summary>
    /// <remarks>
    /// A <c>NEAR</c> is not: its phrases may each match a row it does not, so a phrase's IDF (bm25() counts the rows of
    /// the phrase alone, xQueryPhrase) cannot be counted from the hits; the ranking asks FTS5 for it instead.
    /// </remarks>
    internal bool IsDisjunction => Groups.Count == 1 && Exclusions.Count == 0 && Groups[0].Alternatives.All(t => t.Near is null);

    /// <summary>
    /// The phrases of <see cref="ToFts"/> in its order, each with its column set (a bit per column) and whether it is a
    /// prefix, when it is an OR of words, one-word prefixes and phrases (stems, exact forms, a typed name's person
    /// tokens); otherwise (a prefix in a phrase, NEAR, an AND, an exclusion) null.
    /// </summary>
    internal IReadOnlyList<(IReadOnlyList<string> Tokens, int Column, bool Prefix)>? PlainPhrases()
    {
        if (!IsDisjunction || Groups[0].Alternatives.Any(t => (t.Prefix && t.Terms.Count != 1) || t.Near is not null || t.Terms.Count == 0))
        {
            return null;
        }

        var phrases = new List<(IReadOnlyList<string> Tokens, int Column, bool Prefix)>();
        foreach (var t in Groups[0].Alternatives)
        {
            // As AppendAlternatives writes them: a prefix is its stems' prefix alone, with no exact form.
            if (!t.Exact || t.ExactTerms.Count != t.Terms.Count)
            {
                phrases.Add((t.Terms, StemColumns(t), t.Prefix));
            }

            if (!t.Prefix && t.ExactTerms.Count == t.Terms.Count)
            {
                phrases.Add((t.ExactTerms, ExactColumns(t), false));
            }

            phrases.AddRange(t.Persons.Select(slug => ((IReadOnlyList<string>)[SearchTerms.PersonToken(slug)], SearchIndexSchema.PersonsColumns, false)));
        }

        return phrases;
    }

    /// <summary>
    /// The query's <c>"a b"~N</c> when it is the whole of it (one group of that one alternative, no person token, no
    /// exclusion): its exact forms, N and column set, as <see cref="ToFts"/> writes its <c>NEAR</c>; otherwise null.
    /// </summary>
    internal (IReadOnlyList<string> Tokens, int Near, int Column)? NearAlone() =>
        Groups is [{ Alternatives: [{ Near: { } near, Persons.Count: 0 } t] }] && Exclusions.Count == 0 && t.ExactTerms.Count > 1
            ? (t.ExactTerms, near, ExactColumns(t))
            : null;

    private static int StemColumns(QueryTerm t) => t.TitleOnly ? 1 << SearchIndexSchema.TitleColumn : SearchIndexSchema.StemColumns;

    private static int ExactColumns(QueryTerm t) => t.TitleOnly ? 1 << SearchIndexSchema.TitleExactColumn : SearchIndexSchema.ExactColumns;

    /// <summary>The FTS5 MATCH expression of the positive part (with the exclusions as NOT), or null when there are no groups.</summary>
    public string? ToFts()
    {
        if (Groups.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < Groups.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" AND ");
            }

            sb.Append('(');
            AppendAlternatives(sb, Groups[i].Alternatives, boost: true);
            sb.Append(')');
        }

        if (Exclusions.Count > 0)
        {
            sb.Append(" NOT (");
            AppendAlternatives(sb, Exclusions, boost: false);
            sb.Append(')');
        }

        return sb.ToString();
    }

    /// <summary>The FTS5 expression matching any excluded term, or null when there are none.</summary>
    public string? ExclusionsToFts()
    {
        if (Exclusions.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        AppendAlternatives(sb, Exclusions, boost: false);
        return sb.ToString();
    }

    /// <param name="boost">
    /// A stem alternative also gets its exact form (OR): no hit more, but the articles holding the form typed score
    /// higher (<see cref="SearchIndex.Bm25Weights"/>). Exclusions need no score.
    /// </param>
    private static void AppendAlternatives(StringBuilder sb, IReadOnlyList<QueryTerm> alternatives, bool boost)
    {
        var first = true;
        void Or()
        {
            if (!first)
            {
                sb.Append(" OR ");
            }

            first = false;
        }

        foreach (var t in alternatives)
        {
            // Every string is quoted, so no user text can be read as an FTS5 operator, column or syntax; column names
            // come from the schema, never from what was typed.
            if (t.Near is { } distance && t.ExactTerms.Count > 1)
            {
                Or();
                AppendColumns(sb, ExactColumns(t));
                sb.Append("NEAR(");
                for (var k = 0; k < t.ExactTerms.Count; k++)
                {
                    sb.Append(k > 0 ? " " : "");
                    AppendQuoted(sb, [t.ExactTerms[k]]);
                }

                sb.Append(", ").Append(distance.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
            }
            else
            {
                if (!t.Exact || t.ExactTerms.Count != t.Terms.Count)
                {
                    Or();
                    AppendColumns(sb, StemColumns(t));
                    AppendQuoted(sb, t.Terms);
                    if (t.Prefix)
                    {
                        sb.Append('*');
                    }
                }

                if ((t.Exact || (boost && !t.Prefix)) && t.ExactTerms.Count == t.Terms.Count)
                {
                    Or();
                    AppendColumns(sb, ExactColumns(t));
                    AppendQuoted(sb, t.ExactTerms);
                }
            }

            foreach (var slug in t.Persons)
            {
                Or();
                sb.Append("persons : \"").Append(SearchTerms.PersonToken(slug)).Append('"');
            }
        }
    }

    private static void AppendQuoted(StringBuilder sb, IReadOnlyList<string> terms) =>
        sb.Append('"').Append(string.Join(' ', terms).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');

    private static void AppendColumns(StringBuilder sb, int columns)
    {
        var names = SearchIndexSchema.ColumnNames.Where((_, c) => ((columns >> c) & 1) != 0).ToList();
        sb.Append(names.Count == 1 ? names[0] : "{" + string.Join(' ', names) + "}").Append(" : ");
    }
}

/// <summary>
/// Reads what a person types (the contract's query language: words, "phrases", -exclusions, prefix*, OR, =exact,
/// "a b"~N, title:/person:/outlet: fields) into a <see cref="ParsedQuery"/>. Total: any input gives a query (possibly
/// empty), never an exception; whatever is not one of those constructs is read as plain words, and what yields no
/// word at all is listed in <see cref="ParsedQuery.Ignored"/>.
/// </summary>
public static class QueryParser
{
    /// <summary>Longer input is cut here (the API answers 400 above it instead).</summary>
    public const int MaxQueryLength = 1000;

    /// <summary>Words and phrases beyond this many are ignored.</summary>
    public const int MaxTerms = 32;

    /// <summary>A prefix shorter than this (after analysis) is searched as a whole word: "ا*" would match everything.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>The largest N of <c>"a b"~N</c>; more is read as this.</summary>
    public const int MaxNear = 100;

    private enum Kind
    {
        Item,
        Or,
    }

    private sealed record Piece(Kind Kind, QueryTerm? Term, bool Negated, string Raw);

    public static ParsedQuery Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return ParsedQuery.Empty;
        }

        var s = input.Length > MaxQueryLength ? input[..MaxQueryLength] : input;
        var fields = new Fields();
        var pieces = Scan(s, fields);

        var groups = new List<List<QueryTerm>>();
        var exclusions = new List<QueryTerm>();
        var count = 0;
        for (var i = 0; i < pieces.Count && count < MaxTerms; i++)
        {
            var p = pieces[i];
            if (p.Kind == Kind.Or)
            {
                var prevOk = i > 0 && pieces[i - 1] is { Kind: Kind.Item, Negated: false, Term: not null } && groups.Count > 0;
                var nextOk = i + 1 < pieces.Count && pieces[i + 1] is { Kind: Kind.Item, Negated: false, Term: not null };
                if (prevOk && nextOk)
                {
                    groups[^1].Add(pieces[i + 1].Term!);
                    count++;
                    i++;
                    continue;
                }

                // An OR with nothing on one side joins nothing: an operator alone.
                fields.Ignored.Add(p.Raw);
                continue;
            }

            if (p.Term is null)
            {
                fields.Ignored.Add(p.Raw);
                continue;
            }

            count++;
            if (p.Negated)
            {
                exclusions.Add(p.Term);
            }
            else
            {
                groups.Add([p.Term]);
            }
        }

        return new ParsedQuery(groups.Select(g => new QueryGroup(g)).ToList(), exclusions)
        {
            PersonFilters = fields.Persons,
            OutletFilters = fields.Outlets,
            Ignored = fields.Ignored,
        };
    }

    /// <summary>What the fields and junk of a query add up to while it is scanned.</summary>
    private sealed class Fields
    {
        public List<string> Persons { get; } = [];

        public List<string> Outlets { get; } = [];

        public List<string> Ignored { get; } = [];
    }

    // Operators of other search languages (and of FTS5) that mean nothing here on their own.
    private static readonly HashSet<string> s_operatorWords = new(StringComparer.Ordinal) { "AND", "NOT", "NEAR" };

    private static List<Piece> Scan(string s, Fields fields)
    {
        var pieces = new List<Piece>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                i++;
                continue;
            }

            var at = i;
            var negated = false;
            if (c == '-' && i + 1 < s.Length && !char.IsWhiteSpace(s[i + 1]) && s[i + 1] != '-')
            {
                negated = true;
                i++;
                c = s[i];
            }

            var title = false;
            if (StartsWithField(s, i, "title:") && i + 6 < s.Length && !char.IsWhiteSpace(s[i + 6]))
            {
                title = true;
                i += 6;
                c = s[i];
            }

            if (c == '"')
            {
                var close = s.IndexOf('"', i + 1);
                if (close < 0)
                {
                    // A stray quote: ignore it and read the rest as words.
                    pieces.Add(new Piece(Kind.Item, null, false, s[at..(i + 1)]));
                    i++;
                    continue;
                }

                var inner = s[(i + 1)..close];
                i = close + 1;
                var prefix = false;
                while (i < s.Length && s[i] == '*')
                {
                    prefix = true;
                    i++;
                }

                int? near = null;
                if (!prefix && i + 1 < s.Length && s[i] == '~' && char.IsAsciiDigit(s[i + 1]))
                {
                    var from = ++i;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }

                    near = int.TryParse(s.AsSpan(from, Math.Min(i - from, 4)), out var n) ? Math.Min(n, MaxNear) : MaxNear;
                }

                var term = PhraseTerm(inner, prefix, near, title, s[at..i]);
                pieces.Add(new Piece(Kind.Item, term, negated, s[at..i]));
                continue;
            }

            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && !char.IsControl(s[i]) && s[i] != '"')
            {
                i++;
            }

            var raw = s[start..i];
            var typed = s[at..i];
            if (!negated && !title && raw == "OR")
            {
                pieces.Add(new Piece(Kind.Or, null, false, raw));
                continue;
            }

            if (!title && s_operatorWords.Contains(raw))
            {
                pieces.Add(new Piece(Kind.Item, null, negated, typed));
                continue;
            }

            if (!negated && !title && (Field(raw, "person:", fields.Persons) || Field(raw, "outlet:", fields.Outlets)))
            {
                continue;
            }

            var exact = raw.StartsWith('=');
            var word = exact ? raw.TrimStart('=') : raw;
            var isPrefix = !exact && word.EndsWith('*');
            var t = WordTerm(word.TrimEnd('*'), isPrefix, typed);
            if (t is not null)
            {
                t = t with { Exact = exact && !t.Prefix, TitleOnly = title };
            }

            pieces.Add(new Piece(Kind.Item, t, negated, typed));
        }

        return pieces;
    }

    private static bool StartsWithField(string s, int i, string field) =>
        string.Compare(s, i, field, 0, field.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>A <c>person:slug</c> or <c>outlet:slug</c>: its slug (lower case) added to <paramref name="into"/>.</summary>
    private static bool Field(string raw, string field, List<string> into)
    {
        if (!StartsWithField(raw, 0, field) || raw.Length == field.Length)
        {
            return false;
        }

        var slug = raw[field.Length..].ToLowerInvariant();
        if (!into.Contains(slug))
        {
            into.Add(slug);
        }

        return true;
    }

    private static QueryTerm? WordTerm(string raw, bool prefix, string typed)
    {
        var tokens = ArabicTokenizer.Tokenize(raw);
        if (tokens.Count == 0)
        {
            return null;
        }

        // "covid-19" or "a.b" are one typed word but several tokens: read them as a phrase, as they were indexed.
        return Build(tokens, prefix, typed);
    }

    private static QueryTerm? PhraseTerm(string inner, bool prefix, int? near, bool title, string typed)
    {
        var tokens = ArabicTokenizer.Tokenize(inner);
        if (tokens.Count == 0 || Build(tokens, prefix, typed) is not { } term)
        {
            return null;
        }

        // A quoted word or phrase is the exact form typed; "a phr"* keeps matching stems, with the last a prefix.
        return term with { Exact = !term.Prefix, Near = near is not null && term.Terms.Count > 1 ? near : null, TitleOnly = title };
    }

    private static QueryTerm? Build(List<Token> tokens, bool prefix, string typed)
    {
        var terms = new List<string>(tokens.Count);
        var exact = new List<string>(tokens.Count);
        var normalized = new List<string>(tokens.Count);
        for (var k = 0; k < tokens.Count; k++)
        {
            var last = k == tokens.Count - 1;
            var term = last && prefix ? SearchTerms.PrefixTerm(tokens[k].Surface) : SearchTerms.Term(tokens[k]);
            if (term is null)
            {
                continue;
            }

            terms.Add(term);
            exact.Add(SearchTerms.ExactTerm(tokens[k]) ?? term);
            normalized.Add(tokens[k].Normalized);
        }

        if (terms.Count == 0)
        {
            return null;
        }

        var isPrefix = prefix && terms[^1].Length >= MinPrefixLength;
        if (prefix && !isPrefix)
        {
            // Too short to be a useful prefix: search the word itself.
            terms[^1] = SearchTerms.Term(tokens[^1]) ?? terms[^1];
        }

        return new QueryTerm(terms, normalized, isPrefix) { ExactTerms = exact, Raw = typed };
    }
}
