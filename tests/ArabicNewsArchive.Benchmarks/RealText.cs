using System.IO.Compression;
using System.Text;

/// <summary>
/// Real Arabic news for the benchmark (BENCH_CORPUS): the ANT corpus's articles (../shared/corpora/ant-*.tsv.gz,
/// never copied into the repo), written as bare .txt files, title line first, as a user would drop them in. Past
/// the corpus's size an article comes again with its paragraphs shuffled, so every file is new to the store (its
/// own hash) while the words, names and lengths stay those of real news.
/// </summary>
internal sealed class RealText
{
    private readonly List<(string Title, string Text)> _articles;

    private RealText(List<(string Title, string Text)> articles) => _articles = articles;

    public int Count => _articles.Count;

    /// <summary>BENCH_CORPUS: a folder holding ant-*.tsv.gz; "ant" means ../shared/corpora beside the repository.</summary>
    public static RealText? FromEnvironment(string repoRoot)
    {
        if (Environment.GetEnvironmentVariable("BENCH_CORPUS") is not { Length: > 0 } setting)
        {
            return null;
        }

        var dir = setting == "ant" ? Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "corpora")) : Path.GetFullPath(setting);
        var files = Directory.GetFiles(dir, "ant-*.tsv.gz").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"BENCH_CORPUS: no ant-*.tsv.gz in {dir}");
        }

        var articles = new List<(string, string)>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
            var header = ReadRecord(reader) ?? throw new InvalidDataException($"{file}: empty");
            var title = header.IndexOf("title");
            var text = header.IndexOf("text");
            while (ReadRecord(reader) is { } row)
            {
                if (row.Count > Math.Max(title, text) && row[text].Trim().Length > 0)
                {
                    articles.Add((row[title].Trim(), row[text].Trim()));
                }
            }
        }

        return new RealText(articles);
    }

    /// <summary>Article <paramref name="i"/>: the corpus's own text the first time round, its paragraphs shuffled after.</summary>
    public (string Name, string Content) Generate(int i)
    {
        var (title, text) = _articles[i % _articles.Count];
        if (i >= _articles.Count)
        {
            var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToArray();
            new Random(i).Shuffle(paragraphs);
            text = string.Join("\n\n", paragraphs);
        }

        return ($"real_{i:D7}.txt", $"{title}\n\n{text}\n");
    }

    /// <summary>One RFC 4180 record with tab as the delimiter (quoted fields may hold tabs, quotes and line breaks).</summary>
    private static List<string>? ReadRecord(StreamReader reader)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atStart = true;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                fields.Add(field.ToString());
                return fields;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atStart:
                    quoted = true;
                    atStart = false;
                    break;
                case '\t':
                    fields.Add(field.ToString());
                    field.Clear();
                    atStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    atStart = false;
                    break;
            }
        }
    }
}
