using System.IO.Compression;
using System.Text;
using ArabicNewsArchive.People.Recognition;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Training;

/// <summary>Readers of the files in ../shared/corpora.</summary>
internal static class Corpora
{
    /// <summary>Source tokens a "document" gathers before it ends at the next sentence end.</summary>
    public const int DocumentTokens = 250;

    private static readonly HashSet<string> s_sentenceEnds = new(StringComparer.Ordinal) { ".", "؟", "?", "!", ".\u200F", "؟\u200F" };

    /// <summary>
    /// ANERcorp's train split as documents. The corpus has no document breaks, so a document is a run of whole
    /// sentences of about <see cref="DocumentTokens"/> tokens: the size of a short news article.
    /// </summary>
    public static List<TrainingDocument> ReadAnerCorp(string path)
    {
        var documents = new List<TrainingDocument>();
        var current = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            var space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            var token = line[..space];
            current.Add((token, line[(space + 1)..]));
            if (current.Count >= DocumentTokens && s_sentenceEnds.Contains(token))
            {
                documents.Add(TrainingDocument.FromTagged(current));
                current = [];
            }
        }

        if (current.Count > 0)
        {
            documents.Add(TrainingDocument.FromTagged(current));
        }

        return documents;
    }

    /// <summary>The name lexicons of ../shared/corpora/names, keyed by normalised word, plus the default titles.</summary>
    public static TaggerLexicon ReadNames(string namesDirectory)
    {
        var lexicon = TaggerLexicon.WithDefaultTitles();
        foreach (var (file, bit) in new[] { ("arabic-given-names-male.txt", TaggerLexicon.MaleName), ("arabic-given-names-female.txt", TaggerLexicon.FemaleName) })
        {
            foreach (var line in File.ReadLines(Path.Combine(namesDirectory, file)))
            {
                foreach (var token in ArabicTokenizer.Tokenize(line))
                {
                    lexicon.AddName(token.Normalized, bit);
                }
            }
        }

        foreach (var line in File.ReadLines(Path.Combine(namesDirectory, "google-transliteration-ar2en.txt")))
        {
            var tab = line.IndexOf('\t');
            foreach (var token in ArabicTokenizer.Tokenize(tab > 0 ? line[..tab] : line))
            {
                if (token.Normalized.Length >= 2)
                {
                    lexicon.AddName(token.Normalized, TaggerLexicon.Transliterated);
                }
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(namesDirectory, "wikidata-person-name-tokens-en-ar.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length < 3 || !long.TryParse(parts[2], out var count))
            {
                continue;
            }

            foreach (var token in ArabicTokenizer.Tokenize(parts[1]))
            {
                counts[token.Normalized] = counts.GetValueOrDefault(token.Normalized) + count;
            }
        }

        foreach (var (word, count) in counts)
        {
            lexicon.AddWikidataCount(word, count);
        }

        return lexicon;
    }

    /// <summary>Reads the cluster file written by the clusters command into <paramref name="lexicon"/>.</summary>
    public static void ReadClusters(string path, TaggerLexicon lexicon)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var p = line.Split('\t');
            var count = long.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture);
            lexicon.Clusters[p[0]] = new WordCluster(int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture),
                (byte)Math.Min(31, (int)Math.Log2(Math.Max(1, count))));
        }
    }

    /// <summary>The title and text of every article of an ANT corpus file (gzip'd TSV with a header, RFC 4180 quoting).</summary>
    public static IEnumerable<(string Title, string Text)> ReadAnt(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        string[]? header = null;
        while (ReadRecord(reader) is { } record)
        {
            if (header is null)
            {
                header = record;
                continue;
            }

            var title = Array.IndexOf(header, "title");
            var text = Array.IndexOf(header, "text");
            if (record.Length > Math.Max(title, text))
            {
                yield return (record[title], record[text]);
            }
        }
    }

    private static string[]? ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == '\t')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                return [.. fields];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (!any)
        {
            return null;
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
