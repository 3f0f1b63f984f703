using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Web.Components.Pages.Compare;

/// <summary>
/// Runs of words two articles share, found as common three-word shingles of stems (the search analyser's), so the
/// same sentence with other particles or spellings (بينغ/بينج aside) still lines up.
/// </summary>
public static class SharedPhrases
{
    public const int ShingleSize = 3;

    /// <returns>Offset ranges in <paramref name="a"/> and in <paramref name="b"/> covered by shared shingles, merged.</returns>
    public static (IReadOnlyList<(int Start, int End)> InA, IReadOnlyList<(int Start, int End)> InB) Find(string a, string b)
    {
        var ta = ArabicTokenizer.Tokenize(a);
        var tb = ArabicTokenizer.Tokenize(b);
        var sa = Shingles(ta);
        var sb = Shingles(tb);
        var common = sa.Keys.Intersect(sb.Keys).ToHashSet();
        return (Ranges(ta, sa, common), Ranges(tb, sb, common));
    }

    private static Dictionary<string, List<int>> Shingles(List<Token> tokens)
    {
        var result = new Dictionary<string, List<int>>();
        for (var i = 0; i + ShingleSize <= tokens.Count; i++)
        {
            var key = string.Join(' ', tokens.Skip(i).Take(ShingleSize).Select(t => t.Stem));
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }
            list.Add(i);
        }
        return result;
    }

    private static List<(int, int)> Ranges(List<Token> tokens, Dictionary<string, List<int>> shingles, HashSet<string> common)
    {
        var covered = new bool[tokens.Count];
        foreach (var key in common)
        {
            foreach (var i in shingles[key])
            {
                for (var k = i; k < i + ShingleSize; k++)
                {
                    covered[k] = true;
                }
            }
        }
        var ranges = new List<(int, int)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!covered[i])
            {
                continue;
            }
            var j = i;
            while (j + 1 < tokens.Count && covered[j + 1])
            {
                j++;
            }
            ranges.Add((tokens[i].Start, tokens[j].End));
            i = j;
        }
        return ranges;
    }
}
