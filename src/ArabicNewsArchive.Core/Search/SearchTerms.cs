using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The bridge between the analyser (Text/) and the FTS5 index: the index and the query both go through here, so a
/// word is indexed and looked up as exactly the same term.
/// </summary>
public static class SearchTerms
{
    /// <summary>
    /// The indexed term of a token: its stem, reduced to letters and digits. FTS5's unicode61 tokenizer splits on
    /// anything else (including marks it does not know), so anything else would shift positions between index and
    /// query. Null when nothing is left.
    /// </summary>
    public static string? Term(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return LettersAndDigits(token.Stem);
    }

    /// <summary>The term of a prefix query word: normalised, leading particles removed but no suffix stripping.</summary>
    public static string? PrefixTerm(string word)
    {
        var tokens = ArabicTokenizer.Tokenize(word);
        if (tokens.Count == 0)
        {
            return null;
        }

        var token = tokens[^1];
        // The index holds stems, which lose their leading particles (الصين → صين); a prefix keeps its end as typed
        // because suffix stripping of a fragment would be meaningless.
        var at = token.Stem.Length > 0 ? token.Normalized.IndexOf(token.Stem, StringComparison.Ordinal) : -1;
        return LettersAndDigits(at > 0 ? token.Normalized[at..] : token.Normalized);
    }

    /// <summary>The synthetic token that stands for one mention of a person in the persons column.</summary>
    public static string PersonToken(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        var sb = new StringBuilder("person_", slug.Length + 7);
        foreach (var c in slug.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>The analysed terms of a text, space-separated, as the FTS5 column stores them.</summary>
    public static void AppendTerms(StringBuilder sb, string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(text);
        foreach (var token in ArabicTokenizer.Tokenize(text[start..end]))
        {
            if (Term(token) is { } term)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(term);
            }
        }
    }

    private static string? LettersAndDigits(string s)
    {
        var clean = true;
        foreach (var c in s)
        {
            if (!char.IsLetterOrDigit(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return s.Length == 0 ? null : s;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
