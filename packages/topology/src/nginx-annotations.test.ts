/**
 * ingress-nginx annotations in the replacement (§F of ../shared/ingress-migration.md), each
 * mirroring kubernetes-sigs/ingress2gateway's own cases for its ingress-nginx provider
 * (pkg/i2gw/providers/ingressnginx/*_test.go): the same input Ingress, the Gateway API objects it
 * expects, checked by the what-if engine.
 */
import { gateway, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { A, HOST, ing, plan, rules, spec, tlsSecret } from './ingress-test-support.ts';

describe('ingress-nginx annotations (providers/ingressnginx)', () => {
  it('ssl-redirect, redirect_test.go TestAddDefaultSSLRedirect_enabled: with TLS, the route goes to 443 and a redirect route (https, 308) to 80', () => {
    const result = plan([ing({ tls: [{ hosts: [HOST], secretName: 'secret' }] })], [tlsSecret]);
    expect(result.rejected).toEqual([]);
    expect(spec(result, 'HTTPRoute/default/test-example-com-ssl-redirect')).toEqual({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [HOST],
      rules: [
        { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }] },
      ],
    });
    expect(spec(result, 'HTTPRoute/default/test-example-com')?.['parentRefs']).toEqual([
      { name: 'gateway', sectionName: 'example-com-https' },
    ]);
    expect(result.after).toMatchObject({ covered: 1, partial: 0 });
  });

  it('ssl-redirect, E14, redirect_test.go TestAddDefaultSSLRedirect_crossIngressTLSWithOptOut: an Ingress opting out on a shared TLS host keeps its paths plain on port 80', () => {
    const withTls = ing({
      name: 'ing-tls',
      rules: [{ host: HOST, paths: [{ path: '/a', backend: 'svc:80' }] }],
      tls: [{ hosts: [HOST], secretName: 'secret' }],
    });
    const optOut = ing({
      name: 'ing-no-tls-optout',
      rules: [{ host: HOST, paths: [{ path: '/b', backend: 'svc:80' }] }],
      annotations: { [`${A}ssl-redirect`]: 'false' },
    });
    const result = plan([withTls, optOut], [tlsSecret]);
    expect(result.rejected).toEqual([]);
    const route = 'HTTPRoute/default/ing-no-tls-optout-example-com';
    const redirect = { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } };
    // /a redirects (TLS Ingress, on by default); /b is a plain rule on port 80.
    expect(spec(result, `${route}-ssl-redirect`)).toEqual({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [HOST],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a' } }], filters: [redirect] }],
    });
    expect(spec(result, `${route}-http`)).toEqual({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [HOST],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/b' } }],
          backendRefs: [{ name: 'svc', port: 80 }],
        },
      ],
    });
    expect(spec(result, route)?.['parentRefs']).toEqual([
      { name: 'gateway', sectionName: 'example-com-https' },
    ]);
    // Coverage asks the same of the cluster (E14): both are served as ingress-nginx serves them.
    expect(result.after).toMatchObject({ covered: 2, partial: 0 });
  });

  it('ssl-redirect, E14, TestAddDefaultSSLRedirect_crossIngressTLSThreeWayMixed: /a and /c redirect, the opted-out /b stays plain', () => {
    const at = (name: string, path: string, input: Parameters<typeof ing>[0] = {}) =>
      ing({ name, rules: [{ host: HOST, paths: [{ path, backend: 'svc:80' }] }], ...input });
    const result = plan(
      [
        at('ing-tls', '/a', { tls: [{ hosts: [HOST], secretName: 'secret' }] }),
        at('ing-no-tls-optout', '/b', { annotations: { [`${A}ssl-redirect`]: 'false' } }),
        at('ing-no-tls-default', '/c'),
      ],
      [tlsSecret],
    );
    const route = 'HTTPRoute/default/ing-no-tls-default-example-com';
    const paths = (key: string) =>
      (spec(result, key)?.['rules'] as { matches: { path: { value: string } }[] }[]).map(
        (rule) => rule.matches[0]?.path.value,
      );
    expect(paths(`${route}-ssl-redirect`)).toEqual(['/c', '/a']);
    expect(paths(`${route}-http`)).toEqual(['/b']);
    expect(result.after).toMatchObject({ covered: 3 });
  });

  it('ssl-redirect, TestAddDefaultSSLRedirect_allIngressesNoTLS: no Ingress of the host has TLS, so no redirect and no -http route', () => {
    const at = (name: string, path: string) =>
      ing({ name, rules: [{ host: HOST, paths: [{ path, backend: 'svc:80' }] }] });
    const result = plan([at('ing-a', '/a'), at('ing-b', '/b')]);
    expect(result.proposed.map((item) => item.key)).toEqual(['HTTPRoute/default/ing-a-example-com']);
  });

  it('ssl-redirect, TestAddDefaultSSLRedirect_disabledByAnnotation: "false" adds no redirect route', () => {
    const result = plan(
      [
        ing({
          tls: [{ hosts: [HOST], secretName: 'secret' }],
          annotations: { [`${A}ssl-redirect`]: 'false' },
        }),
      ],
      [tlsSecret],
    );
    expect(result.proposed.map((item) => item.key)).not.toContain(
      'HTTPRoute/default/test-example-com-ssl-redirect',
    );
  });

  it('ssl-redirect, TestAddDefaultSSLRedirect_noTLS: without TLS there is no redirect', () => {
    expect(plan([ing()]).proposed.map((item) => item.key)).toEqual(['HTTPRoute/default/test-example-com']);
  });

  it('force-ssl-redirect redirects without TLS too when the Gateway has an HTTPS listener for the host (ingress2gateway: unsupported)', () => {
    const withHttps = gateway({
      listeners: [
        { name: 'http' },
        { name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'secret' }] } },
      ],
    });
    const result = plan(
      [ing({ annotations: { [`${A}force-ssl-redirect`]: 'true' } })],
      [withHttps, tlsSecret],
    );
    expect(spec(result, 'HTTPRoute/default/test-example-com-ssl-redirect')?.['rules']).toEqual([
      { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }] },
    ]);
    expect(spec(result, 'HTTPRoute/default/test-example-com')?.['parentRefs']).toEqual([
      { name: 'gateway', sectionName: 'https' },
    ]);
    const without = plan([ing({ annotations: { [`${A}force-ssl-redirect`]: 'true' } })]);
    expect(without.ingresses[0]?.problems[0]).toContain('force-ssl-redirect asks for HTTPS');
  });

  it('rewrite-target, rewrite_test.go TestRewriteFeature "Static Rewrite: /old -> /new-path": ReplaceFullPath', () => {
    const result = plan([
      ing({
        rules: [{ host: HOST, paths: [{ path: '/old', backend: 'svc:80' }] }],
        annotations: { [`${A}rewrite-target`]: '/new-path' },
      }),
    ]);
    expect(rules(result)).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
        filters: [
          {
            type: 'URLRewrite',
            urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new-path' } },
          },
        ],
        backendRefs: [{ name: 'svc', port: 80 }],
      },
    ]);
  });

  it('rewrite-target, TestRewriteFeature "Prefix Strip: /foo(/|$)(.*) -> /$2" (E10): PathPrefix /foo with ReplacePrefixMatch /', () => {
    const result = plan([
      ing({
        rules: [
          {
            host: HOST,
            paths: [{ path: '/foo(/|$)(.*)', pathType: 'ImplementationSpecific', backend: 'svc:80' }],
          },
        ],
        annotations: { [`${A}rewrite-target`]: '/$2', [`${A}use-regex`]: 'true' },
      }),
    ]);
    expect(rules(result)).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/foo' } }],
        filters: [
          {
            type: 'URLRewrite',
            urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
          },
        ],
        backendRefs: [{ name: 'svc', port: 80 }],
      },
    ]);
    expect(result.ingresses[0]?.untranslated.map((item) => item.annotation)).toEqual([`${A}use-regex`]);
  });

  it('rewrite-target, TestRewriteFeature "Unsupported Complex Regex": /$1/$2 is reported, and the regex path is not proposed', () => {
    const result = plan([
      ing({
        rules: [
          {
            host: HOST,
            paths: [{ path: '/foo/(.*)/(.*)', pathType: 'ImplementationSpecific', backend: 'svc:80' }],
          },
        ],
        annotations: { [`${A}rewrite-target`]: '/$1/$2' },
      }),
    ]);
    expect(result.proposed).toEqual([]);
    expect(result.ingresses[0]?.problems).toEqual([
      "example.com/foo/(.*)/(.*) (ImplementationSpecific): ImplementationSpecific becomes PathPrefix, which is narrower than ingress-nginx's string prefix (/foo no longer serves /foobar)",
      'example.com/foo/(.*)/(.*) (ImplementationSpecific): rewrite-target "/$1/$2" refers to capture groups of "/foo/(.*)/(.*)", which no Gateway API filter can; not translated',
      'example.com/foo/(.*)/(.*) (ImplementationSpecific): "/foo/(.*)/(.*)" is a regular expression to ingress-nginx (use-regex or rewrite-target); Gateway API RegularExpression matching is implementation-specific, so the path is not translated',
    ]);
  });

  const canaryPair = (annotations: Record<string, string>) => [
    ing({ name: 'production' }),
    ing({
      name: 'zcanary',
      rules: [{ host: HOST, paths: [{ path: '/', backend: 'canary:80' }] }],
      annotations: { [`${A}canary`]: 'true', ...annotations },
    }),
  ];
  const route = 'HTTPRoute/default/production-example-com';
  const prefix = { path: { type: 'PathPrefix', value: '/' } };

  it.each([
    [
      '"actually get weights" (50 of 100)',
      { [`${A}canary-weight`]: '50', [`${A}canary-weight-total`]: '100' },
      50,
      50,
    ],
    ['"assigns default weight total"', { [`${A}canary-weight`]: '50' }, 50, 50],
    ['"weight set to 0"', { [`${A}canary-weight`]: '0' }, 100, 0],
    [
      '"custom weight total" (50 of 200)',
      { [`${A}canary-weight`]: '50', [`${A}canary-weight-total`]: '200' },
      150,
      50,
    ],
    ['"no weight annotation defaults to 0"', {}, 100, 0],
    ['"weight set to 100"', { [`${A}canary-weight`]: '100' }, 0, 100],
    [
      '"weight equal to total is valid" (200 of 200)',
      { [`${A}canary-weight`]: '200', [`${A}canary-weight-total`]: '200' },
      0,
      200,
    ],
    [
      '"header value without header name is still parsed": no header rule, all to the primary',
      { [`${A}canary-by-header-value`]: 'test-value' },
      100,
      0,
    ],
    [
      'weight exceeding the total is capped (canary.go parseCanaryConfig)',
      { [`${A}canary-weight`]: '150' },
      0,
      100,
    ],
  ])(
    'canary, canary_test.go Test_parseCanaryConfig %s: the primary gets total − w, the canary w',
    (_case, annotations, primary, canary) => {
      const result = plan(canaryPair(annotations));
      expect(rules(result, route)).toEqual([
        {
          matches: [prefix],
          backendRefs: [
            { name: 'svc', port: 80, weight: primary },
            { name: 'canary', port: 80, weight: canary },
          ],
        },
      ]);
      expect(result.rejected).toEqual([]);
    },
  );

  it.each([
    ['"errors on non integer weight"', '50.5', 'canary-weight "50.5" is not an integer; no weight is set'],
    ['"errors on invalid weight string"', 'abc', 'canary-weight "abc" is not an integer; no weight is set'],
    ['"errors on negative weight"', '-10', 'canary-weight -10 is negative; no weight is set'],
  ])('canary, Test_parseCanaryConfig %s: no weight is set, with a problem', (_case, weight, problem) => {
    const result = plan(canaryPair({ [`${A}canary-weight`]: weight }));
    expect(result.ingresses.find((item) => item.coverage.name === 'zcanary')?.problems).toEqual([problem]);
    expect(rules(result, route)).toMatchObject([
      {
        backendRefs: [
          { name: 'svc', weight: 100 },
          { name: 'canary', weight: 0 },
        ],
      },
    ]);
  });

  it.each([
    ['"errors on non integer weight total"', '50.5'],
    ['"errors on invalid weight total string"', 'xyz'],
    ['"errors on zero weight total"', '0'],
    ['"errors on negative weight total"', '-100'],
  ])('canary, Test_parseCanaryConfig %s: the total falls back to 100, with a problem', (_case, total) => {
    const result = plan(canaryPair({ [`${A}canary-weight`]: '30', [`${A}canary-weight-total`]: total }));
    expect(rules(result, route)).toEqual([
      {
        matches: [prefix],
        backendRefs: [
          { name: 'svc', port: 80, weight: 70 },
          { name: 'canary', port: 80, weight: 30 },
        ],
      },
    ]);
    expect(result.ingresses.find((item) => item.coverage.name === 'zcanary')?.problems).toEqual([
      `canary-weight-total "${total}" is not a positive integer; 100 is used`,
    ]);
  });

  it('canary-by-header, Test_parseCanaryConfig "parses canary-by-header" and e2e "canary by header at path": always → canary, never → primary', () => {
    const result = plan(canaryPair({ [`${A}canary-by-header`]: 'X-Canary' }));
    expect(rules(result, route)).toEqual([
      { matches: [prefix], backendRefs: [{ name: 'svc', port: 80 }] },
      {
        matches: [{ ...prefix, headers: [{ name: 'X-Canary', value: 'always' }] }],
        backendRefs: [{ name: 'canary', port: 80 }],
      },
      {
        matches: [{ ...prefix, headers: [{ name: 'X-Canary', value: 'never' }] }],
        backendRefs: [{ name: 'svc', port: 80 }],
      },
    ]);
  });

  it('canary-by-header-value, "parses canary-by-header with header value": the value → canary, no never rule', () => {
    const result = plan(
      canaryPair({ [`${A}canary-by-header`]: 'X-Canary', [`${A}canary-by-header-value`]: 'canary-deploy' }),
    );
    expect(rules(result, route)).toEqual([
      { matches: [prefix], backendRefs: [{ name: 'svc', port: 80 }] },
      {
        matches: [{ ...prefix, headers: [{ name: 'X-Canary', value: 'canary-deploy' }] }],
        backendRefs: [{ name: 'canary', port: 80 }],
      },
    ]);
  });

  it('canary, "parses both weight and header": the weights and the header rule', () => {
    const result = plan(
      canaryPair({
        [`${A}canary-by-header`]: 'X-Canary',
        [`${A}canary-by-header-value`]: 'always',
        [`${A}canary-weight`]: '30',
      }),
    );
    expect(rules(result, route)).toEqual([
      {
        matches: [prefix],
        backendRefs: [
          { name: 'svc', port: 80, weight: 70 },
          { name: 'canary', port: 80, weight: 30 },
        ],
      },
      {
        matches: [{ ...prefix, headers: [{ name: 'X-Canary', value: 'always' }] }],
        backendRefs: [{ name: 'canary', port: 80 }],
      },
    ]);
  });

  it("§F: the route-wide annotations are the first non-canary source's, not a canary's that sorts first", () => {
    const result = plan(
      [
        ing({ name: 'production', tls: [{ hosts: [HOST], secretName: 'secret' }] }),
        ing({
          name: 'acanary',
          rules: [{ host: HOST, paths: [{ path: '/', backend: 'canary:80' }] }],
          annotations: { [`${A}canary`]: 'true', [`${A}ssl-redirect`]: 'false' },
        }),
      ],
      [tlsSecret],
    );
    expect(result.proposed.map((item) => item.key)).toContain(
      'HTTPRoute/default/acanary-example-com-ssl-redirect',
    );
  });

  it('canary (canary.go getCanaryInfo): a canary without a primary for its host and path is reported', () => {
    const result = plan(canaryPair({}).slice(1));
    expect(result.ingresses[0]?.problems[0]).toContain('a canary without a primary Ingress');
    expect(result.proposed).toEqual([]);
  });

  it.each([
    ['timeouts_test.go "max + multiplier" (1, 2, 3)', { connect: '1', send: '2', read: '3' }, '30s'],
    ['timeouts_test.go "seconds parse + multiplier" (read 2)', { read: '2' }, '20s'],
    ['common_emitter/emitter_test.go TestApplyTCPTimeouts (10s → 1m40s)', { read: '10' }, '1m40s'],
  ])('proxy-*-timeout, %s: timeouts.request is 10 × the largest', (_case, values, expected) => {
    const annotations = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [`${A}proxy-${name}-timeout`, value]),
    );
    expect(rules(plan([ing({ annotations })]))).toEqual([
      { matches: [prefix], backendRefs: [{ name: 'svc', port: 80 }], timeouts: { request: expected } },
    ]);
  });

  it('proxy-*-timeout, timeouts_test.go "no timeouts": without the annotations the rule has no timeouts', () => {
    expect(rules(plan([ing()]))).toEqual([{ matches: [prefix], backendRefs: [{ name: 'svc', port: 80 }] }]);
  });

  it('proxy-*-timeout, timeouts_test.go "skips invalid duration strings": "1s" sets no timeout and says so', () => {
    const result = plan([ing({ annotations: { [`${A}proxy-read-timeout`]: '1s' } })]);
    expect(rules(result)).toEqual([{ matches: [prefix], backendRefs: [{ name: 'svc', port: 80 }] }]);
    expect(result.ingresses[0]?.problems).toEqual([
      'example.com/ (Prefix): proxy-read-timeout "1s" is not a whole number of seconds; it is skipped',
    ]);
  });

  it('mirror-target to a Service of the namespace becomes RequestMirror (ingress2gateway: unsupported)', () => {
    const mirror = service({ name: 'mirror', ports: [8080] });
    const result = plan(
      [
        ing({
          annotations: { [`${A}mirror-target`]: 'http://mirror.default.svc.cluster.local:8080$request_uri' },
        }),
      ],
      [mirror],
    );
    expect(result.ingresses[0]?.problems).toEqual([
      'example.com/ (Prefix): mirror-target "http://mirror.default.svc.cluster.local:8080$request_uri" is not an http(s) URL; not translated',
    ]);
    const plain = plan(
      [ing({ annotations: { [`${A}mirror-target`]: 'http://mirror:8080/$request_uri' } })],
      [mirror],
    );
    expect(rules(plain)).toEqual([
      {
        matches: [prefix],
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'mirror', port: 8080 } } }],
        backendRefs: [{ name: 'svc', port: 80 }],
      },
    ]);
    const outside = plan([
      ing({ annotations: { [`${A}mirror-target`]: 'https://test.env.com/$request_uri' } }),
    ]);
    expect(outside.ingresses[0]?.problems[0]).toContain('RequestMirror sends to a backendRef, not to a URL');
  });

  it('X8, R3: every annotation that is not translated is listed with its meaning, never dropped', () => {
    const result = plan([
      ing({
        annotations: {
          [`${A}auth-url`]: 'https://auth.example.com',
          [`${A}server-snippet`]: 'return 403;',
          [`${A}made-up`]: 'x',
          'example.com/other': 'y',
          [`${A}rewrite-target`]: '/',
        },
      }),
    ]);
    expect(result.ingresses[0]?.untranslated).toEqual([
      {
        annotation: 'example.com/other',
        value: 'y',
        meaning: 'not an ingress-nginx annotation: what its controller does with it is unknown to gatemap',
      },
      {
        annotation: `${A}auth-url`,
        value: 'https://auth.example.com',
        meaning: 'external authentication by a subrequest; no standard Gateway API filter',
      },
      { annotation: `${A}made-up`, value: 'x', meaning: 'an ingress-nginx annotation gatemap does not know' },
      {
        annotation: `${A}server-snippet`,
        value: 'return 403;',
        meaning: 'raw NGINX configuration for the server block; no Gateway API equivalent',
      },
    ]);
  });
});
