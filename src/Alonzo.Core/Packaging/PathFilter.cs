using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Alonzo.Packaging
{
    /// <summary>
    /// Exclude patterns with .gitignore rules, applied to paths relative to the package root with
    /// forward slashes:
    /// <list type="bullet">
    /// <item>a pattern without '/' matches a name at any depth (<c>*.md</c>, <c>__pycache__</c>);</item>
    /// <item>a pattern with a '/' inside or at the start is anchored at the root (<c>docs/build</c>, <c>/setup.py</c>);</item>
    /// <item>a trailing '/' matches directories only (<c>docs/</c>), and an excluded directory excludes everything in it;</item>
    /// <item><c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans segments (<c>tests/**</c>, <c>**/fixtures</c>), <c>[abc]</c> is a character class;</item>
    /// <item><c>!pattern</c> re-includes what an earlier pattern excluded; the last matching pattern wins.</item>
    /// </list>
    /// </summary>
    public sealed class PathFilter
    {
        private readonly List<Rule> _rules = new List<Rule>();

        public PathFilter(IEnumerable<string> patterns, bool ignoreCase)
        {
            if (patterns == null) return;
            foreach (var pattern in patterns)
            {
                var rule = Parse(pattern, ignoreCase);
                if (rule != null) _rules.Add(rule);
            }
        }

        public bool IsEmpty => _rules.Count == 0;

        /// <summary>The pattern that excludes this path (not its parents), or null when it is kept.</summary>
        public string Match(string relativePath, bool isDirectory)
        {
            string excludedBy = null;
            foreach (var rule in _rules)
            {
                if (rule.DirectoryOnly && !isDirectory) continue;
                if (!rule.Regex.IsMatch(relativePath)) continue;
                excludedBy = rule.Negated ? null : rule.Text;
            }
            return excludedBy;
        }

        /// <summary>Checks the path and each of its parent folders, for files that were listed rather than found by walking.</summary>
        public string MatchWithParents(string relativePath, bool isDirectory)
        {
            int slash = -1;
            while ((slash = relativePath.IndexOf('/', slash + 1)) > 0)
            {
                string parent = Match(relativePath.Substring(0, slash), true);
                if (parent != null) return parent;
            }
            return Match(relativePath, isDirectory);
        }

        private static Rule Parse(string pattern, bool ignoreCase)
        {
            if (pattern == null) return null;
            string text = pattern.Trim().Replace('\\', '/');
            if (text.Length == 0 || text[0] == '#') return null;

            bool negated = text[0] == '!';
            if (negated) text = text.Substring(1);
            bool directoryOnly = text.EndsWith("/", StringComparison.Ordinal);
            string body = text.TrimEnd('/');
            if (body.StartsWith("./", StringComparison.Ordinal)) body = body.Substring(1);
            bool anchored = body.IndexOf('/') >= 0;
            body = body.TrimStart('/');
            if (body.Length == 0) return null;

            var regex = new StringBuilder("^");
            if (!anchored) regex.Append("(?:.*/)?");
            AppendGlob(regex, body);
            regex.Append('$');
            var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return new Rule
            {
                Text = pattern.Trim(),
                Negated = negated,
                DirectoryOnly = directoryOnly,
                Regex = new Regex(regex.ToString(), options),
            };
        }

        private static void AppendGlob(StringBuilder regex, string glob)
        {
            string[] segments = glob.Split('/');
            for (int s = 0; s < segments.Length; s++)
            {
                string segment = segments[s];
                bool last = s == segments.Length - 1;
                if (segment == "**")
                {
                    // a/**/b matches a/b; a/** matches everything inside a; **/b matches b at any depth.
                    if (last) regex.Append(s == 0 ? ".*" : ".+");
                    else regex.Append("(?:[^/]+/)*");
                    continue;
                }
                AppendSegment(regex, segment);
                if (!last) regex.Append('/');
            }
        }

        private static void AppendSegment(StringBuilder regex, string segment)
        {
            for (int i = 0; i < segment.Length; i++)
            {
                char c = segment[i];
                switch (c)
                {
                    case '*':
                        while (i + 1 < segment.Length && segment[i + 1] == '*') i++;
                        regex.Append("[^/]*");
                        break;
                    case '?':
                        regex.Append("[^/]");
                        break;
                    case '[':
                        int close = segment.IndexOf(']', i + 2);
                        if (close < 0)
                        {
                            regex.Append(@"\[");
                            break;
                        }
                        string set = segment.Substring(i + 1, close - i - 1);
                        regex.Append('[');
                        if (set[0] == '!' || set[0] == '^')
                        {
                            regex.Append('^');
                            set = set.Substring(1);
                        }
                        regex.Append(set.Replace(@"\", @"\\").Replace("[", @"\[")).Append(']');
                        i = close;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }
        }

        private sealed class Rule
        {
            public string Text;
            public bool Negated;
            public bool DirectoryOnly;
            public Regex Regex;
        }
    }
}
