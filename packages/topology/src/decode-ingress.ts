/**
 * The schemas Ingress and IngressClass are decoded with: what the coverage and the migration
 * read, so that a malformed field is reported by its path (`spec.rules[0].http.paths[1].pathType`)
 * and the rest of the input is still analyzed.
 */
import { INGRESS_PATH_TYPES } from './ingress.ts';
import { any, arr, int, obj, oneOf, str, type Schema } from './schema.ts';

const backend = obj({
  service: obj(
    {
      name: str,
      port: obj({ name: str, number: int(1, 65535) }),
    },
    ['name'],
  ),
  resource: obj({ apiGroup: str, kind: str, name: str }, ['kind', 'name']),
});

/** Schema of `networking.k8s.io/v1` Ingress. */
export const INGRESS_SCHEMA: Schema = obj({
  spec: obj({
    ingressClassName: str,
    defaultBackend: backend,
    tls: arr(obj({ hosts: arr(str), secretName: str })),
    rules: arr(
      obj({
        host: str,
        http: obj(
          {
            paths: arr(
              obj({ path: str, pathType: oneOf(INGRESS_PATH_TYPES), backend }, ['pathType', 'backend']),
            ),
          },
          ['paths'],
        ),
      }),
    ),
  }),
  status: any,
});

/** Schema of `networking.k8s.io/v1` IngressClass. */
export const INGRESS_CLASS_SCHEMA: Schema = obj({
  spec: obj({
    controller: str,
    parameters: obj({ apiGroup: str, kind: str, name: str, scope: str, namespace: str }, ['kind', 'name']),
  }),
});
