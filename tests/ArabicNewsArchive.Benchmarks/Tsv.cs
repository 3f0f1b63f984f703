using System.IO.Compression;
using System.Text;

/// <summary>
/// The corpora's TSV files (../shared/corpora/ant-*.tsv.gz): UTF-8, tab-separated, a header row, fields quoted as in
/// RFC 4180 (a quoted field may hold tabs, line breaks and doubled quotes). One reader for every tool here.
/// </summary>
internal static class Tsv
{
    /// <summary>Every record of a gzipped file, the header row first.</summary>
    public static IEnumerable<List<string>> ReadGzip(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        foreach (var record in Records(reader))
        {
            yield return record;
        }
    }

    /// <summary>Every record of <paramref name="reader"/>, the header row first.</summary>
    public static IEnumerable<List<string>> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atStart = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
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
                    field.Append(ch);
                }

                continue;
            }

            if (ch == '"' && atStart)
            {
                quoted = true;
                atStart = false;
            }
            else if (ch == '\t')
            {
                fields.Add(field.ToString());
                field.Clear();
                atStart = true;
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                atStart = true;
                yield return fields;
                fields = [];
            }
            else
            {
                field.Append(ch);
                atStart = false;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
