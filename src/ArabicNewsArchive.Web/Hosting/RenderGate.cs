using Microsoft.AspNetCore.Components.Endpoints;

namespace ArabicNewsArchive.Web.Hosting;

/// <summary>
/// Lets at most a few reads render at once (<c>Archive:ConcurrentReads</c>, by default one per core, at least 2)
/// and queues the rest in arrival order. A page or a search is CPU work from start to end (SQLite is synchronous
/// underneath), so fifty renders at once on two cores finish no sooner than two at a time: they only hold fifty
/// requests' memory at once and live long enough for the GC to promote it. Measured at 100k articles, 50 connections
/// against 4: a third more CPU per request and ~140 MB more resident at peak (docs/history/performance-rounds.md, "Web memory: reads gated").
/// Four at once on two cores (the default until docs/history/performance-rounds.md, "Web memory at peak") still held more than two:
/// a search runs on both cores by itself, and two more renders only wait beside it holding their memory.
/// Only reads are gated: GET and HEAD of the pages, the JSON API and the CSV export. Writes (curation, uploads,
/// sign-in) and the circuits' hub are not, so a slow upload never holds a reader's place, nor a reader a curator's.
/// </summary>
public static class RenderGate
{
    /// <summary>The configuration key: how many reads render at once; 0 or absent for the default.</summary>
    public const string LimitKey = "Archive:ConcurrentReads";

    /// <summary>The configured limit, or one per core and at least 2.</summary>
    public static int Limit(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetValue<int?>(LimitKey) ?? 0;
        return configured > 0 ? configured : DefaultLimit(Environment.ProcessorCount);
    }

    /// <summary>One read per core, at least 2: on one core a page then still renders while a slow export runs.</summary>
    public static int DefaultLimit(int cores) => Math.Max(2, cores);

    /// <summary>After routing (the endpoint tells a page from the hub) and before the endpoints run.</summary>
    public static IApplicationBuilder UseRenderGate(this IApplicationBuilder app, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var gate = new SemaphoreSlim(limit, limit);
        return app.Use(async (http, next) =>
        {
            if (!IsRead(http))
            {
                await next(http);
                return;
            }

            try
            {
                await gate.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client left while queued: nothing to answer, and no place was taken.
                return;
            }

            try
            {
                await next(http);
            }
            finally
            {
                gate.Release();
            }
        });
    }

    /// <summary>A read that renders: a page (a routable component), the JSON API or the export, by GET or HEAD.</summary>
    public static bool IsRead(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return false;
        }

        var path = http.Request.Path;
        return http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            || path.StartsWithSegments("/api")
            || path.StartsWithSegments("/export");
    }
}
