using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Topics;

/// <summary>
/// How <see cref="ArticleTopic.Evidence"/> is stored: a JSON array of <c>[start, end, weight, "text"]</c> arrays
/// (since migration <c>CompressedText</c>; objects with named fields before, three quarters of the column was their
/// names), which SQLite's <c>json_each</c> reads too.
/// </summary>
/// <remarks>
/// This is the form EF reads and writes through the <c>ArticleTopics</c> view. The table under it (<c>TopicRows</c>,
/// migration LeanFacts) stores each phrase's text as its number in <c>EvidencePhrases</c> (a few thousand phrases for
/// a million pieces of evidence), which the view's triggers swap both ways; the topic page counts phrases by number
/// over every article of a topic in SQL, which from offsets alone would inflate each article's source. Since
/// migration LeanStoryTables a piece is stored as <c>[start, weight, phrase number]</c>: its end is the start plus the
/// phrase's length, which the view adds back (an end that is not, kept as a fourth element). Since migration
/// CompactTopicEvidence the table holds varints instead (<see cref="TopicEvidenceBlob"/>); the view still reads and
/// takes this JSON.
/// </remarks>
public static class TopicEvidenceJson
{
    // Arabic stays readable (and half the size) instead of \u-escaped; the column is never embedded in HTML.
    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The column's text for a list of evidence.</summary>
    public static string Write(List<TopicEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var buffer = new MemoryStream(evidence.Count * 32 + 2);
        using (var json = new Utf8JsonWriter(buffer, s_writer))
        {
            json.WriteStartArray();
            foreach (var e in evidence)
            {
                json.WriteStartArray();
                json.WriteNumberValue(e.Start);
                json.WriteNumberValue(e.End);
                // Shortest round-trip form: the same double reads back.
                json.WriteNumberValue(e.Weight);
                json.WriteStringValue(e.Text);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The list a column's text holds (an empty array for none).</summary>
    public static List<TopicEvidence> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var list = new List<TopicEvidence>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            Expect(ref reader, JsonTokenType.Number);
            var start = reader.GetInt32();
            Expect(ref reader, JsonTokenType.Number);
            var end = reader.GetInt32();
            Expect(ref reader, JsonTokenType.Number);
            var weight = reader.GetDouble();
            Expect(ref reader, JsonTokenType.String);
            list.Add(new TopicEvidence { Start = start, End = end, Weight = weight, Text = reader.GetString()! });
            Expect(ref reader, JsonTokenType.EndArray);
        }

        return list;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"topic evidence: expected {type} at byte {reader.TokenStartIndex}");
        }
    }

    /// <summary>The EF value converter for the column.</summary>
    public static ValueConverter<List<TopicEvidence>, string> Converter { get; } = new(v => Write(v), v => Read(v));

    /// <summary>Compares lists by their stored form, so change tracking sees an edited phrase.</summary>
    public static ValueComparer<List<TopicEvidence>> Comparer { get; } = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && Write(a) == Write(b)),
        v => Write(v).GetHashCode(StringComparison.Ordinal),
        v => Read(Write(v)));
}
