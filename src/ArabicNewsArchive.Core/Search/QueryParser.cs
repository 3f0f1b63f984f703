using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// One thing to look for: a word (one term), a phrase (several terms in order), optionally a prefix (the last term),
/// optionally standing for people as well (a typed name that matched their spellings).
/// </summary>
/// <param name="Terms">Analysed terms (<see cref="SearchTerms"/>), in order.</param>
/// <param name="Normalized">The words as typed, normalised, for name matching.</param>
public sealed record QueryTerm(IReadOnlyList<string> Terms, IReadOnlyList<string> Normalized, bool Prefix)
{
    /// <summary>Slugs of the people this term also stands for.</summary>
    public IReadOnlyList<string> Persons { get; init; } = [];

    public bool IsPhrase => Terms.Count > 1;
}

/// <summary>Alternatives joined by OR; a query matches when every group has an alternative that matches.</summary>
public sealed record QueryGroup(IReadOnlyList<QueryTerm> Alternatives);

/// <summary>A parsed query: groups that must all hold, and terms that must not occur.</summary>
public sealed record ParsedQuery(IReadOnlyList<QueryGroup> Groups, IReadOnlyList<QueryTerm> Exclusions)
{
    public static ParsedQuery Empty { get; } = new([], []);

    public bool IsEmpty => Groups.Count == 0 && Exclusions.Count == 0;

    /// <summary>
    /// <see cref="ToFts"/> is phrases joined by OR and nothing else (one group, no exclusions): a row is a hit
    /// exactly when one of its phrases matches it.
    /// </summary>
    internal bool IsDisjunction => Groups.Count == 1 && Exclusions.Count == 0;

    /// <summary>
    /// The phrases of <see cref="ToFts"/> in its order, each with its column (-1: any), when it is an OR of whole
    /// words and phrases (a typed name with its person tokens included); otherwise (a prefix, an AND, an exclusion) null.
    /// </summary>
    internal IReadOnlyList<(IReadOnlyList<string> Tokens, int Column)>? PlainPhrases()
    {
        if (!IsDisjunction || Groups[0].Alternatives.Any(t => t.Prefix || t.Terms.Count == 0))
        {
            return null;
        }

        var phrases = new List<(IReadOnlyList<string> Tokens, int Column)>();
        foreach (var t in Groups[0].Alternatives)
        {
            phrases.Add((t.Terms, -1));
            phrases.AddRange(t.Persons.Select(slug => ((IReadOnlyList<string>)[SearchTerms.PersonToken(slug)], SearchIndexSchema.PersonsColumn)));
        }

        return phrases;
    }

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
            AppendAlternatives(sb, Groups[i].Alternatives);
            sb.Append(')');
        }

        if (Exclusions.Count > 0)
        {
            sb.Append(" NOT (");
            AppendAlternatives(sb, Exclusions);
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
        AppendAlternatives(sb, Exclusions);
        return sb.ToString();
    }

    private static void AppendAlternatives(StringBuilder sb, IReadOnlyList<QueryTerm> alternatives)
    {
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" OR ");
            }

            var t = alternatives[i];
            // Every string is quoted, so no user text can be read as an FTS5 operator, column or syntax.
            sb.Append('"').Append(string.Join(' ', t.Terms).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (t.Prefix)
            {
                sb.Append('*');
            }

            foreach (var slug in t.Persons)
            {
                sb.Append(" OR persons : \"").Append(SearchTerms.PersonToken(slug)).Append('"');
            }
        }
    }
}

/// <summary>
/// Reads what a person types (the contract's query language: words, "phrases", -exclusions, prefix*, OR) into a
/// <see cref="ParsedQuery"/>. Total: any input gives a query (possibly empty), never an exception; whatever is not
/// one of those constructs is read as plain words.
/// </summary>
public static class QueryParser
{
    /// <summary>Longer input is cut here (the API answers 400 above it instead).</summary>
    public const int MaxQueryLength = 1000;

    /// <summary>Words and phrases beyond this many are ignored.</summary>
    public const int MaxTerms = 32;

    /// <summary>A prefix shorter than this (after analysis) is searched as a whole word: "ا*" would match everything.</summary>
    public const int MinPrefixLength = 2;

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
        var pieces = Scan(s);

        var groups = new List<List<QueryTerm>>();
        var exclusions = new List<QueryTerm>();
        var count = 0;
        for (var i = 0; i < pieces.Count && count < MaxTerms; i++)
        {
            var p = pieces[i];
            if (p.Kind == Kind.Or)
            {
                var prevOk = i > 0 && pieces[i - 1] is { Kind: Kind.Item, Negated: false } && groups.Count > 0;
                var nextOk = i + 1 < pieces.Count && pieces[i + 1] is { Kind: Kind.Item, Negated: false, Term: not null };
                if (prevOk && nextOk)
                {
                    groups[^1].Add(pieces[i + 1].Term!);
                    count++;
                    i++;
                    continue;
                }

                // An OR with nothing on one side is just the word "or".
                p = p with { Kind = Kind.Item, Term = WordTerm(p.Raw, false) };
            }

            if (p.Term is null)
            {
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

        return new ParsedQuery(groups.Select(g => new QueryGroup(g)).ToList(), exclusions);
    }

    private static List<Piece> Scan(string s)
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

            var negated = false;
            if (c == '-' && i + 1 < s.Length && !char.IsWhiteSpace(s[i + 1]) && s[i + 1] != '-')
            {
                negated = true;
                i++;
                c = s[i];
            }

            if (c == '"')
            {
                var close = s.IndexOf('"', i + 1);
                if (close < 0)
                {
                    // A stray quote: ignore it and read the rest as words.
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

                pieces.Add(new Piece(Kind.Item, PhraseTerm(inner, prefix), negated, inner));
                continue;
            }

            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && !char.IsControl(s[i]) && s[i] != '"')
            {
                i++;
            }

            var raw = s[start..i];
            if (!negated && raw == "OR")
            {
                pieces.Add(new Piece(Kind.Or, null, false, raw));
                continue;
            }

            var isPrefix = raw.EndsWith('*');
            pieces.Add(new Piece(Kind.Item, WordTerm(raw.TrimEnd('*'), isPrefix), negated, raw));
        }

        return pieces;
    }

    private static QueryTerm? WordTerm(string raw, bool prefix)
    {
        var tokens = ArabicTokenizer.Tokenize(raw);
        if (tokens.Count == 0)
        {
            return null;
        }

        // "covid-19" or "a.b" are one typed word but several tokens: read them as a phrase, as they were indexed.
        return Build(tokens, prefix);
    }

    private static QueryTerm? PhraseTerm(string inner, bool prefix)
    {
        var tokens = ArabicTokenizer.Tokenize(inner);
        return tokens.Count == 0 ? null : Build(tokens, prefix);
    }

    private static QueryTerm? Build(List<Token> tokens, bool prefix)
    {
        var terms = new List<string>(tokens.Count);
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

        return new QueryTerm(terms, normalized, isPrefix);
    }
}
