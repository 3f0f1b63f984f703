using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Web.Components.Pages.Archive;

/// <summary>Closeness of a typed word to a name, after the same normalisation the search uses.</summary>
public static class Suggestions
{
    public static bool IsNear(string typed, string name)
    {
        var a = ArabicNormalizer.Normalize(typed).ToLowerInvariant();
        var b = ArabicNormalizer.Normalize(name).ToLowerInvariant();
        if (a == b)
        {
            return false; // an exact word that found nothing is not a misspelling of this name
        }
        var limit = b.Length <= 4 ? 1 : 2;
        return Math.Abs(a.Length - b.Length) <= limit && Distance(a, b) <= limit;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
