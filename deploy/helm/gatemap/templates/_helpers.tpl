{{/* The name of every object of the release. */}}
{{- define "gatemap.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "gatemap.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "gatemap.labels" -}}
{{ include "gatemap.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "gatemap.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "gatemap.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "gatemap.adminSecretName" -}}
{{- default (printf "%s-admin" (include "gatemap.fullname" .)) .Values.adminToken.existingSecret -}}
{{- end -}}

{{- define "gatemap.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Checks of values that the schema cannot express. */}}
{{- define "gatemap.validate" -}}
{{- if and (eq .Values.shareLinks.store "sqlite") (gt (int .Values.replicas) 1) -}}
{{- fail "shareLinks.store sqlite keeps links in one pod's file: use replicas: 1, or shareLinks.store: kubernetes for several replicas" -}}
{{- end -}}
{{- if and (not .Values.clusters.inCluster) (not .Values.clusters.kubeconfigSecret.name) -}}
{{- fail "clusters: set clusters.inCluster: true or clusters.kubeconfigSecret.name (gatemap needs a cluster to map)" -}}
{{- end -}}
{{- if and .Values.httpRoute.enabled (not .Values.httpRoute.parentRefs) -}}
{{- fail "httpRoute.parentRefs is required when httpRoute.enabled: name the Gateway (and namespace, sectionName) that publishes gatemap" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.host is required when ingress.enabled" -}}
{{- end -}}
{{- range $kind := list "secrets" "configMaps" -}}
{{- $read := index $.Values.rbac $kind -}}
{{- if and $read.enabled (eq $read.scope "namespaces") (not $read.namespaces) -}}
{{- fail (printf "rbac.%s.namespaces lists no namespace: name the namespaces to read, or set rbac.%s.scope: cluster" $kind $kind) -}}
{{- end -}}
{{- end -}}
{{- end -}}
