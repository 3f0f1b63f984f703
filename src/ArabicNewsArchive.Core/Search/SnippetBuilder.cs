using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// Cuts the passage that best matches a query out of the source text and marks the matches. The index holds
/// analysed terms only, so the source is re-tokenised with the same analyser: each <see cref="Token"/> carries its
/// offsets, which is the map from indexed positions back to the real words (hamza, harakat and particles included).
/// </summary>
internal static class SnippetBuilder
{
    /// <summary>Words in a snippet.</summary>
    public const int WindowTokens = 30;

    /// <param name="lead">
    /// The span where the article's own text opens (its first body paragraph): what a snippet shows when nothing in
    /// the body matches, rather than the dateline or a heading that happens to come first.
    /// </param>
    public static string Build(string source, IReadOnlyList<(int Start, int End)> spans, ParsedQuery query, IReadOnlyList<(int Start, int End)> personSpans, int lead = 0)
    {
        // Title-only terms never match the body this is cut from.
        var items = query.Groups.SelectMany(g => g.Alternatives).Where(t => !t.TitleOnly).ToList();
        if (items.Count == 0 && personSpans.Count == 0)
        {
            return Opening(source, spans, lead);
        }

        // The paragraphs that may match, tokenised once: whether a word's exact form occurs anywhere in the article
        // decides what is marked for it (below) before any paragraph is marked.
        var read = new List<(int Span, int Start, int End, List<Token> Tokens, string?[] Stems, string?[] Exact)>();
        for (var s = 0; s < spans.Count; s++)
        {
            var (start, end) = spans[s];
            if (read.Count > 0 && !MayMatch(source, start, end, items, personSpans))
            {
                continue; // tokenising costs; a paragraph that holds none of the terms cannot beat the best one
            }

            var tokens = ArabicTokenizer.TokenizeAt(source[start..end], start);
            if (tokens.Count > 0)
            {
                read.Add((s, start, end, tokens, tokens.Select(SearchTerms.Term).ToArray(), tokens.Select(SearchTerms.ExactTerm).ToArray()));
            }
        }

        // Mark what matched: a quoted word, =word, a name or NEAR by its exact form only; a plain word by its exact
        // form when the article has it (the articles ranked first for it), else by its stem. So والسلم is not
        // marked for سلمان in an article that holds سلمان.
        var byExact = items.Select(item => item.Exact || item.Near is not null
            || (!item.Prefix && item.ExactTerms.Count == item.Terms.Count
                && read.Any(r => Enumerable.Range(0, r.Tokens.Count).Any(k => Matches(item, r.Exact, k, exact: true))))).ToArray();

        // Which keys (query items, and the people at items.Count) a window holds: one array for every window, rather
        // than a set per window start (a 2-letter prefix marks most words of a paragraph, each a window start).
        var seen = new bool[items.Count + 1];
        var best = (Score: 0, Span: -1, From: 0, To: 0, SpanStart: 0, SpanEnd: 0);
        List<Token>? bestTokens = null;
        bool[]? bestMarks = null;
        foreach (var (s, start, end, tokens, stems, exacts) in read)
        {
            var marks = new bool[tokens.Count];
            var keys = new int[tokens.Count];
            Array.Fill(keys, -1);
            for (var q = 0; q < items.Count; q++)
            {
                var item = items[q];
                if (item.Near is not null)
                {
                    for (var k = 0; k < tokens.Count; k++)
                    {
                        if (exacts[k] is { } e && item.ExactTerms.Contains(e))
                        {
                            marks[k] = true;
                            keys[k] = q;
                        }
                    }

                    continue;
                }

                var length = item.Terms.Count;
                for (var k = 0; k + length <= tokens.Count; k++)
                {
                    if (Matches(item, byExact[q] ? exacts : stems, k, byExact[q]))
                    {
                        for (var m = k; m < k + length; m++)
                        {
                            marks[m] = true;
                            keys[m] = q;
                        }
                    }
                }
            }

            for (var k = 0; k < tokens.Count; k++)
            {
                foreach (var (ps, pe) in personSpans)
                {
                    if (tokens[k].Start < pe && tokens[k].End > ps)
                    {
                        marks[k] = true;
                        keys[k] = items.Count;
                    }
                }
            }

            for (var from = 0; from < tokens.Count; from++)
            {
                if (!marks[from] && from > 0)
                {
                    continue; // a best window starts on a match (or at the start of the paragraph)
                }

                var to = Math.Min(tokens.Count, from + WindowTokens);
                Array.Clear(seen);
                var distinct = 0;
                var hits = 0;
                for (var k = from; k < to; k++)
                {
                    if (marks[k])
                    {
                        hits++;
                        if (!seen[keys[k]])
                        {
                            seen[keys[k]] = true;
                            distinct++;
                        }
                    }
                }

                var score = (distinct * 100) + hits;
                if (score > best.Score || bestTokens is null)
                {
                    // Start a little before the first match so it reads in context.
                    var shifted = score > 0 && from > 0 ? Math.Max(0, from - 5) : from;
                    best = (score, s, shifted, Math.Min(tokens.Count, shifted + WindowTokens), start, end);
                    bestTokens = tokens;
                    bestMarks = marks;
                }
            }
        }

        if (bestTokens is null || bestMarks is null)
        {
            return "";
        }

        if (best.Score == 0)
        {
            return Opening(source, spans, lead); // the match was in the title or the people only
        }

        return Render(source, best.SpanStart, best.SpanEnd, bestTokens, bestMarks, best.From, best.To, best.From > 0 || best.Span > 0, best.To < bestTokens.Count || best.Span < spans.Count - 1);
    }

    /// <summary>The opening words of the text (from <paramref name="lead"/> on), escaped, with no marks.</summary>
    public static string Lead(string source, IReadOnlyList<(int Start, int End)> spans, int lead = 0) => Opening(source, spans, lead);

    private static string Opening(string source, IReadOnlyList<(int Start, int End)> spans, int lead)
    {
        for (var s = Math.Clamp(lead, 0, spans.Count); s < spans.Count; s++)
        {
            var (start, end) = spans[s];
            var tokens = ArabicTokenizer.TokenizeAt(source[start..end], start);
            if (tokens.Count > 0)
            {
                var to = Math.Min(tokens.Count, WindowTokens);
                return Render(source, start, end, tokens, new bool[tokens.Count], 0, to, false, to < tokens.Count || s < spans.Count - 1);
            }
        }

        return lead > 0 ? Opening(source, spans, 0) : "";
    }

    /// <summary>
    /// Cheap pre-check: a stem is a substring of its normalised word, and a term of the stem folded, so a term that is
    /// not a substring of the folded paragraph cannot match in it, nor a phrase one of whose terms is not (a phrase's
    /// short stems, such as بي of البيان, are in almost every paragraph: with any one of them enough, a page of 20
    /// tokenised nearly every paragraph it had).
    /// </summary>
    private static bool MayMatch(string source, int start, int end, List<QueryTerm> items, IReadOnlyList<(int Start, int End)> personSpans)
    {
        foreach (var (ps, pe) in personSpans)
        {
            if (ps < end && pe > start)
            {
                return true;
            }
        }

        if (items.Count == 0)
        {
            return false;
        }

        var folded = SearchTerms.Folded(ArabicNormalizer.Normalize(source[start..end]));
        return items.Any(i => i.Terms.All(t => folded.Contains(t, StringComparison.Ordinal)));
    }

    /// <param name="exact">Compare <paramref name="terms"/> (then the tokens' exact forms) with the item's exact forms.</param>
    private static bool Matches(QueryTerm item, string?[] terms, int at, bool exact)
    {
        var wanted = exact ? item.ExactTerms : item.Terms;
        if (at + wanted.Count > terms.Length)
        {
            return false;
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            var term = terms[at + i];
            if (term is null)
            {
                return false;
            }

            var last = i == wanted.Count - 1;
            var ok = last && item.Prefix && !exact
                ? term.StartsWith(wanted[i], StringComparison.Ordinal)
                : term == wanted[i];
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string Render(string source, int spanStart, int spanEnd, List<Token> tokens, bool[] marks, int from, int to, bool ellipsisBefore, bool ellipsisAfter)
    {
        var sb = new StringBuilder();
        if (ellipsisBefore)
        {
            sb.Append("… ");
        }

        // Punctuation stuck to the first and last words (quotes, brackets, full stops) belongs to the passage.
        var pos = tokens[from].Start;
        while (pos > spanStart && !char.IsWhiteSpace(source[pos - 1]))
        {
            pos--;
        }

        var last = tokens[to - 1].End;
        while (last < spanEnd && !char.IsWhiteSpace(source[last]))
        {
            last++;
        }

        var k = from;
        while (k < to)
        {
            if (!marks[k])
            {
                k++;
                continue;
            }

            // Merge consecutive marked words separated only by spaces into one mark (a phrase reads as one).
            var first = k;
            while (k + 1 < to && marks[k + 1] && string.IsNullOrWhiteSpace(source[tokens[k].End..tokens[k + 1].Start]))
            {
                k++;
            }

            AppendEscaped(sb, source, pos, tokens[first].Start);
            sb.Append("<mark>");
            AppendEscaped(sb, source, tokens[first].Start, tokens[k].End);
            sb.Append("</mark>");
            pos = tokens[k].End;
            k++;
        }

        AppendEscaped(sb, source, pos, last);
        if (ellipsisAfter)
        {
            sb.Append(" …");
        }

        return sb.ToString();
    }

    /// <summary>HTML-escapes a slice of the source, folding line breaks and runs of spaces into one space.</summary>
    internal static void AppendEscaped(StringBuilder sb, string source, int start, int end)
    {
        var space = false;
        for (var i = start; i < end; i++)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }

        if (space && end > start)
        {
            sb.Append(' ');
        }
    }
}
