using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Topics;

/// <summary>
/// How <see cref="ArticleTopic.Evidence"/> is stored: a JSON array of <c>{"Start","End","Text","Weight"}</c> objects,
/// which SQLite's <c>json_each</c> can read too (the topic page counts trigger phrases that way).
/// </summary>
public static class TopicEvidenceJson
{
    // Arabic stays readable (and half the size) instead of \u-escaped; the column is never embedded in HTML.
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The column's text for a list of evidence.</summary>
    public static string Write(List<TopicEvidence> evidence) => JsonSerializer.Serialize(evidence, s_options);

    /// <summary>The list a column's text holds (an empty array for none).</summary>
    public static List<TopicEvidence> Read(string json) => JsonSerializer.Deserialize<List<TopicEvidence>>(json, s_options) ?? [];

    /// <summary>The EF value converter for the column.</summary>
    public static ValueConverter<List<TopicEvidence>, string> Converter { get; } = new(v => Write(v), v => Read(v));

    /// <summary>Compares lists by their stored form, so change tracking sees an edited phrase.</summary>
    public static ValueComparer<List<TopicEvidence>> Comparer { get; } = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && Write(a) == Write(b)),
        v => Write(v).GetHashCode(StringComparison.Ordinal),
        v => Read(Write(v)));
}
