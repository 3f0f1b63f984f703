using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// Finds statements attributed to a known person: a speech verb (قال، أكد، صرّح، أضاف، شدد، أشار، أعلن، تابع،
/// أوضح، نقل عن) or a participle (قائلاً، مضيفاً، مؤكداً...), the speaker, a complementizer (إن، أن، بأن) or a colon,
/// then the statement: the quotation in "..." “...” «...» when one follows, else the reported speech up to the end
/// of the sentence. The speaker is the first person named after the verb (not one introduced by ل, the addressee),
/// else one named just before it in the same sentence ("دينيسوف سبق أن صرّح"), else, when the verb stands alone
/// ("وأضاف أنه"، "وتابع قائلاً:"), the previous statement's speaker.
/// </summary>
public sealed class QuoteExtractor(PersonRecognizer recognizer)
{
    private const int MaxLookahead = 25;
    private const int MaxLookbehind = 6;

    private static readonly HashSet<string> s_verbs = new(StringComparer.Ordinal)
    {
        "قال", "قالت", "اكد", "اكدت", "صرح", "صرحت", "اضاف", "اضافت", "شدد", "شددت", "اشار", "اشارت", "اعلن",
        "اعلنت", "تابع", "تابعت", "اوضح", "اوضحت", "نقل", "نقلت", "يقول", "تقول", "اعتبر", "اعتبرت",
    };

    // Looked up without the conjunction on every token that starts with one: a span, not a new string each time.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_verbSpans = s_verbs.GetAlternateLookup<ReadOnlySpan<char>>();

    // Participles continue the current speaker's statement.
    private static readonly HashSet<string> s_participles = new(StringComparer.Ordinal)
    {
        "قاءلا", "قاءله", "مضيفا", "مضيفه", "مءكدا", "مءكده", "مشيرا", "مشيره", "مشددا", "مشدده", "موضحا",
        "موضحه", "معتبرا", "معتبره", "مردفا",
    };

    private static readonly HashSet<string> s_complementizers = new(StringComparer.Ordinal)
    {
        "ان", "انه", "انها", "انهم", "انهما", "بان", "بانه", "بانها", "اننا", "باننا",
    };

    // Short words starting with ل that are not "to (someone)".
    private static readonly HashSet<string> s_notAddressee = new(StringComparer.Ordinal)
    {
        "لدي", "لكن", "لم", "لن", "لا", "لقد", "لجنه", "له", "لها",
    };

    /// <summary>Quotes in <paramref name="text"/>; tokenises and recognises people itself.</summary>
    public IReadOnlyList<QuoteFact> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extract(text, ArabicTokenizer.Tokenize(text));
    }

    /// <summary>Quotes in <paramref name="text"/>, over tokens already computed for it.</summary>
    public IReadOnlyList<QuoteFact> Extract(string text, IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        return Extract(text, tokens, recognizer.Recognize(text, tokens, queryMode: false));
    }

    /// <summary>As <see cref="Extract(string, IReadOnlyList{Token})"/>, with the people already recognised in the text.</summary>
    internal IReadOnlyList<QuoteFact> Extract(string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> matches)
    {
        var mentionAt = new PersonMatch?[tokens.Count];
        foreach (var m in matches)
        {
            for (var t = m.FirstToken; t <= m.LastToken; t++)
            {
                mentionAt[t] = m;
            }
        }

        var quotes = new List<QuoteFact>();
        string? lastSpeaker = null;
        var coveredUntil = -1;
        for (var v = 0; v < tokens.Count; v++)
        {
            if (mentionAt[v] is not null || tokens[v].Start < coveredUntil)
            {
                continue;
            }

            var word = tokens[v].Normalized;
            var participle = s_participles.Contains(word);
            if (!participle && !s_verbs.Contains(word) && !(word.Length > 3 && word[0] is 'و' or 'ف' && s_verbSpans.Contains(word.AsSpan(1))))
            {
                continue;
            }

            var quote = Attribute(text, tokens, mentionAt, v, participle, lastSpeaker);
            if (quote is null)
            {
                // An unresolved speaker ("وقال الرئيس الصيني") must not lend the next "وأضاف" to the previous one.
                if (!participle)
                {
                    lastSpeaker = null;
                }

                continue;
            }

            quotes.Add(quote);
            lastSpeaker = quote.PersonSlug;
            coveredUntil = quote.End;
        }

        return quotes;
    }

    private static QuoteFact? Attribute(
        string text, IReadOnlyList<Token> tokens, PersonMatch?[] mentionAt, int v, bool participle, string? lastSpeaker)
    {
        PersonMatch? speaker = null;
        var addresseeMode = false;
        var onlyParticiplesBetween = true;
        var statementStart = -1;
        var j = v + 1;
        for (; j < tokens.Count && j - v <= MaxLookahead; j++)
        {
            var gap = text.AsSpan(tokens[j - 1].End, tokens[j].Start - tokens[j - 1].End);
            if (gap.IndexOfAny('\n', '.', '؟') >= 0 || gap.IndexOf('?') >= 0)
            {
                return null;
            }

            var colon = gap.IndexOf(':');
            if (colon >= 0)
            {
                statementStart = tokens[j - 1].End + colon + 1;
                break;
            }

            var open = IndexOfOpener(gap);
            if (open >= 0 && (speaker is not null || j == v + 1 || onlyParticiplesBetween))
            {
                var at = tokens[j - 1].End + open;
                if (LongQuotation(text, at))
                {
                    statementStart = at;
                    break;
                }
            }

            var word = tokens[j].Normalized;
            if (s_complementizers.Contains(word) && mentionAt[j] is null)
            {
                statementStart = tokens[j].End;
                break;
            }

            if (mentionAt[j] is { } m)
            {
                if (speaker is null && !addresseeMode && m.Particle != "ل" && !PrecededByLi(tokens, m.FirstToken))
                {
                    speaker = m;
                }

                onlyParticiplesBetween = false;
                j = m.LastToken;
                continue;
            }

            if (word == "عن")
            {
                addresseeMode = false;
            }
            else if (word[0] == 'ل' && !s_notAddressee.Contains(word))
            {
                addresseeMode = true;
            }

            if (!s_participles.Contains(word))
            {
                onlyParticiplesBetween = false;
            }
        }

        if (statementStart < 0)
        {
            return null;
        }

        // A participle (مضيفاً، قائلاً) continues its sentence's subject, whoever is named around it.
        if (participle)
        {
            speaker = null;
        }
        else
        {
            speaker ??= LookBehind(text, tokens, mentionAt, v);
        }

        var slug = speaker?.Mention.PersonSlug;
        if (slug is null && (participle || onlyParticiplesBetween))
        {
            slug = lastSpeaker;
        }

        if (slug is null)
        {
            return null;
        }

        var (start, end) = Statement(text, tokens, statementStart);
        if (end - start < 8)
        {
            return null;
        }

        var cueEnd = speaker is not null && speaker.FirstToken > v ? speaker.Mention.End : tokens[v].End;
        return new QuoteFact(slug, start, end, text[start..end], tokens[v].Start, cueEnd);
    }

    // "بوتين، أكد" / "دينيسوف سبق أن صرّح": the speaker named just before the verb, in the same sentence.
    private static PersonMatch? LookBehind(string text, IReadOnlyList<Token> tokens, PersonMatch?[] mentionAt, int v)
    {
        for (var t = v - 1; t >= 0 && v - t <= MaxLookbehind; t--)
        {
            var gap = text.AsSpan(tokens[t].End, tokens[t + 1].Start - tokens[t].End);
            if (gap.IndexOfAny('\n', '.', ':') >= 0 || IndexOfOpener(gap) >= 0 || IndexOfCloser(gap) >= 0)
            {
                return null;
            }

            if (mentionAt[t] is { } m)
            {
                return m.Particle == "ل" || PrecededByLi(tokens, m.FirstToken) ? null : m;
            }
        }

        return null;
    }

    // "لـ “الرفيق” وانغ": the bare ل before the addressee.
    private static bool PrecededByLi(IReadOnlyList<Token> tokens, int first)
    {
        for (var t = first - 1; t >= 0 && t >= first - 2; t--)
        {
            if (tokens[t].Normalized == "ل")
            {
                return true;
            }
        }

        return false;
    }

    private static (int Start, int End) Statement(string text, IReadOnlyList<Token> tokens, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is ' ' or '\u00A0' or ':')
        {
            i++;
        }

        // "وتابع: أنّه "...": a complementizer after the colon belongs to the cue.
        var next = FirstTokenAt(tokens, i);
        if (next >= 0 && tokens[next].Start == i && s_complementizers.Contains(tokens[next].Normalized))
        {
            i = tokens[next].End;
            while (i < text.Length && text[i] is ' ' or '\u00A0')
            {
                i++;
            }
        }

        if (i < text.Length && IsOpener(text[i]))
        {
            var close = FindCloser(text, i);
            return (i + 1, close);
        }

        // Reported speech: to the end of the sentence, or to a participle that starts the next statement.
        var lineEnd = text.IndexOf('\n', i);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var end = lineEnd;
        var sentenceEnd = text.AsSpan(i, lineEnd - i).IndexOfAny('.', '؟', '!');
        if (sentenceEnd >= 0)
        {
            end = i + sentenceEnd;
        }

        for (var t = Math.Max(next, 0); t < tokens.Count && tokens[t].Start < end; t++)
        {
            if (t > 0 && tokens[t].Start > i && s_participles.Contains(tokens[t].Normalized)
                && text.AsSpan(tokens[t - 1].End, tokens[t].Start - tokens[t - 1].End).IndexOfAny('،', ',') >= 0)
            {
                end = tokens[t - 1].End;
                break;
            }
        }

        return (i, TrimEnd(text, i, end));
    }

    private static int FindCloser(string text, int open)
    {
        var lineEnd = text.IndexOf('\n', open);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var opener = text[open];
        if (opener is '“' or '«')
        {
            var closer = opener == '“' ? '”' : '»';
            var depth = 1;
            for (var k = open + 1; k < lineEnd; k++)
            {
                if (text[k] == opener)
                {
                    depth++;
                }
                else if (text[k] == closer && --depth == 0)
                {
                    return k;
                }
            }

            return TrimEnd(text, open + 1, lineEnd);
        }

        // Straight quotes open before a word and close after one; nested quotes are often left unclosed, so an
        // unbalanced quotation ends at its last closing mark.
        var level = 1;
        var lastClose = -1;
        for (var k = open + 1; k < lineEnd; k++)
        {
            if (text[k] != '"')
            {
                continue;
            }

            var before = k > 0 && ArabicNormalizer.IsWordChar(text[k - 1]);
            var after = k + 1 < text.Length && ArabicNormalizer.IsWordChar(text[k + 1]);
            if (after && !before)
            {
                level++;
                continue;
            }

            lastClose = k;
            if (--level == 0)
            {
                return k;
            }
        }

        return lastClose > 0 ? lastClose : TrimEnd(text, open + 1, lineEnd);
    }

    private static bool LongQuotation(string text, int open)
    {
        var close = FindCloser(text, open);
        return text.AsSpan(open + 1, Math.Max(0, close - open - 1)).Trim().Count(' ') >= 3;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '،' or ',' or '"' or '>' or '.'))
        {
            end--;
        }

        return end;
    }

    private static int FirstTokenAt(IReadOnlyList<Token> tokens, int offset)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            if (tokens[t].End > offset)
            {
                return t;
            }
        }

        return -1;
    }

    private static bool IsOpener(char c) => c is '"' or '“' or '«';

    private static int IndexOfOpener(ReadOnlySpan<char> gap) => gap.IndexOfAny('"', '“', '«');

    private static int IndexOfCloser(ReadOnlySpan<char> gap) => gap.IndexOfAny('”', '»');
}
