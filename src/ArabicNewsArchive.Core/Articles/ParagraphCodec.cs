using System.Globalization;
using System.Text;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// How an article's paragraphs are stored: one BLOB in <c>Articles.ParagraphMap</c> instead of a row each (at 100k
/// articles 1.5M rows and their index took 80 MB, mostly the repeated text article id and the row and index headers).
/// </summary>
/// <remarks>
/// Per paragraph, in ordinal order (the ordinal is the position): a header varint, <c>kind &lt;&lt; 2</c> with bit 1
/// set when a reason follows and bit 0 when a stored text follows; then four zigzag varints, the start less the
/// previous paragraph's end (0 for paragraphs that cover the text without gaps), the length, the first line less the
/// previous paragraph's last line (0 before the first), the last line less the first; then the reason and the stored
/// text when present, each as its UTF-8 byte count (varint) and bytes. Varints are LEB128 (7 bits, low first). A
/// paragraph mostly takes 5–6 bytes. Migration <c>CompactParagraphs</c> writes the same form in SQL
/// (<see cref="SqlVarint"/>).
/// </remarks>
public static class ParagraphCodec
{
    private const int ReasonFlag = 2;
    private const int StoredTextFlag = 1;

    /// <summary>The EF converter of <see cref="Article.Paragraphs"/>.</summary>
    public static ValueConverter<List<Paragraph>, byte[]> Converter { get; } = new(p => Encode(p), b => Decode(b));

    /// <summary>
    /// Compares the stored form only (a paragraph's <see cref="Paragraph.Text"/> is not stored); the snapshot is a copy
    /// of the stored fields, so a tracked article whose list is replaced or edited is written.
    /// </summary>
    public static ValueComparer<List<Paragraph>> Comparer { get; } = new(
        (a, b) => SameStored(a, b),
        p => Encode(p).Length,
        p => Decode(Encode(p)));

    private static bool SameStored(List<Paragraph>? a, List<Paragraph>? b) =>
        a is null ? b is null : b is not null && Encode(a).AsSpan().SequenceEqual(Encode(b));

    /// <summary>The stored bytes of <paramref name="paragraphs"/>, taken in the order given (their ordinals are not stored).</summary>
    public static byte[] Encode(IReadOnlyList<Paragraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        if (paragraphs.Count == 0)
        {
            return [];
        }

        var output = new List<byte>(paragraphs.Count * 6);
        var (previousEnd, previousLine) = (0, 0);
        foreach (var p in paragraphs)
        {
            var header = ((int)p.Kind << 2) | (p.Reason is null ? 0 : ReasonFlag) | (p.StoredText is null ? 0 : StoredTextFlag);
            Varint.Write(output, (uint)header);
            WriteSigned(output, p.SourceStart - previousEnd);
            WriteSigned(output, p.SourceEnd - p.SourceStart);
            WriteSigned(output, p.FirstLine - previousLine);
            WriteSigned(output, p.LastLine - p.FirstLine);
            if (p.Reason is { } reason)
            {
                WriteText(output, reason);
            }

            if (p.StoredText is { } text)
            {
                WriteText(output, text);
            }

            (previousEnd, previousLine) = (p.SourceEnd, p.LastLine);
        }

        return [.. output];
    }

    /// <summary>The paragraphs stored in <paramref name="stored"/>, ordinals from 0; <see cref="Paragraph.ArticleId"/> is left empty.</summary>
    public static List<Paragraph> Decode(ReadOnlySpan<byte> stored)
    {
        var paragraphs = new List<Paragraph>();
        var (position, previousEnd, previousLine) = (0, 0, 0);
        while (position < stored.Length)
        {
            var header = (int)Varint.Read(stored, ref position);
            var start = previousEnd + ReadSigned(stored, ref position);
            var end = start + ReadSigned(stored, ref position);
            var firstLine = previousLine + ReadSigned(stored, ref position);
            var lastLine = firstLine + ReadSigned(stored, ref position);
            var reason = (header & ReasonFlag) != 0 ? ReadText(stored, ref position) : null;
            var text = (header & StoredTextFlag) != 0 ? ReadText(stored, ref position) : null;
            paragraphs.Add(new Paragraph
            {
                Ordinal = paragraphs.Count,
                Kind = (ParagraphKind)(header >> 2),
                Reason = reason,
                SourceStart = start,
                SourceEnd = end,
                FirstLine = firstLine,
                LastLine = lastLine,
                StoredText = text,
            });
            (previousEnd, previousLine) = (end, lastLine);
        }

        return paragraphs;
    }

    /// <summary>Decodes a value read by raw SQL (a BLOB; NULL or an empty value is no paragraphs).</summary>
    public static List<Paragraph> Read(object? value) => value is byte[] bytes ? Decode(bytes) : [];

    /// <summary>
    /// A SQL expression giving the hex digits of the LEB128 varint of <paramref name="value"/> (a non-negative
    /// integer expression below 2^35), for <c>unhex()</c>: what <see cref="Encode"/> writes, for the migration.
    /// </summary>
    public static string SqlVarint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = $"({value})";
        var cases = new StringBuilder("CASE");
        for (var bytes = 1; bytes <= 5; bytes++)
        {
            var parts = new List<string>();
            for (var k = 0; k < bytes; k++)
            {
                var shifted = k == 0 ? v : $"({v} >> {7 * k})";
                parts.Add(k < bytes - 1 ? $"(({shifted} & 127) | 128)" : shifted);
            }

            var format = string.Concat(Enumerable.Repeat("%02X", bytes));
            var call = $"printf('{format}', {string.Join(", ", parts)})";
            cases.Append(bytes < 5 ? string.Create(CultureInfo.InvariantCulture, $" WHEN {v} < {1L << (7 * bytes)} THEN {call}") : $" ELSE {call} END");
        }

        return cases.ToString();
    }

    /// <summary>The SQL counterpart of a zigzag varint (<see cref="SqlVarint"/> of the zigzag of <paramref name="value"/>).</summary>
    public static string SqlSigned(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SqlVarint($"CASE WHEN ({value}) >= 0 THEN 2 * ({value}) ELSE -2 * ({value}) - 1 END");
    }


    private static void WriteSigned(List<byte> output, int value) => Varint.Write(output, (uint)((value << 1) ^ (value >> 31)));

    private static void WriteText(List<byte> output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Varint.Write(output, (uint)bytes.Length);
        output.AddRange(bytes);
    }


    private static int ReadSigned(ReadOnlySpan<byte> input, ref int position)
    {
        var zigzag = Varint.Read(input, ref position);
        return (int)(zigzag >> 1) ^ -(int)(zigzag & 1);
    }

    private static string ReadText(ReadOnlySpan<byte> input, ref int position)
    {
        var length = (int)Varint.Read(input, ref position);
        var text = Encoding.UTF8.GetString(input.Slice(position, length));
        position += length;
        return text;
    }
}
