namespace ArabicNewsArchive.Training;

/// <summary>A sparse matrix in compressed rows.</summary>
internal sealed record SparseMatrix(int[] RowStarts, int[] Columns, float[] Values, int ColumnCount)
{
    public int RowCount => RowStarts.Length - 1;
}

/// <summary>
/// Word vectors from a truncated SVD of a PPMI matrix, by the randomised range finder of Halko, Martinsson and Tropp
/// (2011) with one power iteration: rows of U·√Σ, unit length. Scalar arithmetic in a fixed order, so the same
/// seed gives the same vectors on any machine.
/// </summary>
internal static class TruncatedSvd
{
    private const int Oversampling = 16;

    public static float[] WordVectors(SparseMatrix m, int dimensions, Random random)
    {
        var l = dimensions + Oversampling;
        var rows = m.RowCount;
        var omega = new double[m.ColumnCount * l];
        for (var i = 0; i < omega.Length; i++)
        {
            omega[i] = Gaussian(random);
        }

        var y = MultiplyRight(m, omega, l);
        Orthonormalize(y, rows, l);
        var z = MultiplyTransposed(m, y, l);
        y = MultiplyRight(m, z, l);
        Orthonormalize(y, rows, l);

        // B = Qᵀ M, kept as Bᵀ (columns × l); then the l×l eigenproblem of B Bᵀ.
        var bt = MultiplyTransposed(m, y, l);
        var gram = new double[l * l];
        for (var c = 0; c < m.ColumnCount; c++)
        {
            var row = bt.AsSpan(c * l, l);
            for (var i = 0; i < l; i++)
            {
                if (row[i] == 0)
                {
                    continue;
                }

                for (var j = i; j < l; j++)
                {
                    gram[(i * l) + j] += row[i] * row[j];
                }
            }
        }

        for (var i = 0; i < l; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[(i * l) + j] = gram[(j * l) + i];
            }
        }

        var (eigenvalues, eigenvectors) = Jacobi(gram, l);
        var order = Enumerable.Range(0, l).OrderByDescending(i => eigenvalues[i]).Take(dimensions).ToArray();
        var vectors = new float[rows * dimensions];
        for (var r = 0; r < rows; r++)
        {
            var q = y.AsSpan(r * l, l);
            double norm = 0;
            for (var d = 0; d < dimensions; d++)
            {
                var e = order[d];
                double u = 0;
                for (var i = 0; i < l; i++)
                {
                    u += q[i] * eigenvectors[(i * l) + e];
                }

                // U·√Σ: √Σ = λ^¼ since the eigenvalues of B Bᵀ are σ².
                var value = u * Math.Pow(Math.Max(0, eigenvalues[e]), 0.25);
                vectors[(r * dimensions) + d] = (float)value;
                norm += value * value;
            }

            if (norm > 0)
            {
                var scale = 1 / Math.Sqrt(norm);
                for (var d = 0; d < dimensions; d++)
                {
                    vectors[(r * dimensions) + d] = (float)(vectors[(r * dimensions) + d] * scale);
                }
            }
        }

        return vectors;
    }

    /// <summary>M · X for X of (columns × l).</summary>
    private static double[] MultiplyRight(SparseMatrix m, double[] x, int l)
    {
        var result = new double[m.RowCount * l];
        for (var r = 0; r < m.RowCount; r++)
        {
            var target = result.AsSpan(r * l, l);
            for (var k = m.RowStarts[r]; k < m.RowStarts[r + 1]; k++)
            {
                var v = m.Values[k];
                var source = x.AsSpan(m.Columns[k] * l, l);
                for (var i = 0; i < l; i++)
                {
                    target[i] += v * source[i];
                }
            }
        }

        return result;
    }

    /// <summary>Mᵀ · Y for Y of (rows × l).</summary>
    private static double[] MultiplyTransposed(SparseMatrix m, double[] y, int l)
    {
        var result = new double[m.ColumnCount * l];
        for (var r = 0; r < m.RowCount; r++)
        {
            var source = y.AsSpan(r * l, l);
            for (var k = m.RowStarts[r]; k < m.RowStarts[r + 1]; k++)
            {
                var v = m.Values[k];
                var target = result.AsSpan(m.Columns[k] * l, l);
                for (var i = 0; i < l; i++)
                {
                    target[i] += v * source[i];
                }
            }
        }

        return result;
    }

    /// <summary>Modified Gram-Schmidt on the l columns of a (rows × l) row-major matrix.</summary>
    private static void Orthonormalize(double[] a, int rows, int l)
    {
        for (var j = 0; j < l; j++)
        {
            for (var k = 0; k < j; k++)
            {
                double dot = 0;
                for (var r = 0; r < rows; r++)
                {
                    dot += a[(r * l) + j] * a[(r * l) + k];
                }

                for (var r = 0; r < rows; r++)
                {
                    a[(r * l) + j] -= dot * a[(r * l) + k];
                }
            }

            double norm = 0;
            for (var r = 0; r < rows; r++)
            {
                norm += a[(r * l) + j] * a[(r * l) + j];
            }

            norm = Math.Sqrt(norm);
            for (var r = 0; r < rows; r++)
            {
                a[(r * l) + j] = norm > 0 ? a[(r * l) + j] / norm : 0;
            }
        }
    }

    /// <summary>Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations; eigenvectors as columns.</summary>
    private static (double[] Values, double[] Vectors) Jacobi(double[] a, int n)
    {
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (var sweep = 0; sweep < 60; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off < 1e-22)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    var theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[(k * n) + p];
                        var akq = a[(k * n) + q];
                        a[(k * n) + p] = (c * akp) - (s * akq);
                        a[(k * n) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[(p * n) + k];
                        var aqk = a[(q * n) + k];
                        a[(p * n) + k] = (c * apk) - (s * aqk);
                        a[(q * n) + k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[(k * n) + p];
                        var vkq = v[(k * n) + q];
                        v[(k * n) + p] = (c * vkp) - (s * vkq);
                        v[(k * n) + q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        return (values, v);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
