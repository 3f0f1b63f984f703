using System.Globalization;

namespace ArabicNewsArchive.Web.Components.Shared;

/// <summary>
/// Parses numbers from the query string. Pages bind them as strings: Blazor's own int binding throws on
/// "?page=abc" or a value past int.MaxValue, which a hand-edited or truncated link must not turn into a 500.
/// </summary>
public static class QueryValue
{
    /// <summary>The value as a non-negative int, or null when it is absent or not one.</summary>
    public static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
