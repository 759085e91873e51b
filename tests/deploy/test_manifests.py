"""What can be checked offline about deploy/: the Kubernetes manifest, the systemd unit
template and the nginx configuration parse and agree on the port, the health path and the
probes (no cluster, no systemd; nginx itself checks its configuration when installed)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HEALTH = "/_stcore/health"
sys.path.insert(0, str(DEPLOY))
import serve  # noqa: E402  (deploy/serve.py)

yaml = pytest.importorskip("yaml")


def _k8s() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all((DEPLOY / "k8s.yaml").read_text()) if d]
    kinds = [d["kind"] for d in docs]
    assert len(set(kinds)) == len(kinds), kinds
    return {d["kind"]: d for d in docs}


def _flag(args: list[str], name: str) -> str | None:
    """Value of a Streamlit option given as ``--name=value`` or ``--name value``."""
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return None


def test_k8s_deployment_runs_the_app_with_probes_on_its_port():
    """Test the Deployment: it runs `streamlit run streamlit_app.py` on the port it declares,
    and its readiness and liveness probes ask /_stcore/health on that port."""
    docs = _k8s()
    assert {"Deployment", "Service", "Ingress"} <= set(docs), set(docs)
    dep = docs["Deployment"]
    assert dep["apiVersion"] == "apps/v1"
    assert dep["spec"]["replicas"] >= 2
    pod = dep["spec"]["template"]
    assert dep["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    (c,) = pod["spec"]["containers"]
    cmd = c["command"] + c.get("args", [])
    assert cmd[cmd.index("streamlit"):cmd.index("streamlit") + 3] == ["streamlit", "run", "streamlit_app.py"]
    port = int(_flag(cmd, "--server.port"))
    assert _flag(cmd, "--server.address") == "0.0.0.0"  # reachable by the Service
    assert [p["containerPort"] for p in c["ports"]] == [port]
    for probe in ("readinessProbe", "livenessProbe"):
        get = c[probe]["httpGet"]
        assert get["path"] == HEALTH, probe
        assert get["port"] in (port, c["ports"][0].get("name")), probe
    # liveness is more patient than readiness: a busy pod is taken out, not killed
    live, ready = c["livenessProbe"], c["readinessProbe"]
    assert (live["periodSeconds"] * live["failureThreshold"]
            > ready["periodSeconds"] * ready["failureThreshold"])
    assert c["resources"]["limits"]["memory"]


def test_k8s_service_and_ingress_reach_the_pods_with_affinity_and_long_timeouts():
    """Test the Service selects the pods and targets their port, and the Ingress sends to the
    Service's port with cookie affinity and websocket-long read timeouts."""
    docs = _k8s()
    pod = docs["Deployment"]["spec"]["template"]
    (c,) = pod["spec"]["containers"]
    svc = docs["Service"]
    assert svc["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    (sp,) = svc["spec"]["ports"]
    assert sp["targetPort"] in (c["ports"][0]["containerPort"], c["ports"][0].get("name"))
    ing = docs["Ingress"]
    (rule,) = ing["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"
    backend = path["backend"]["service"]
    assert backend["name"] == svc["metadata"]["name"]
    assert backend["port"].get("number") == sp["port"] or backend["port"].get("name") == sp.get("name")
    ann = ing["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert ann["nginx.ingress.kubernetes.io/session-cookie-name"]
    for t in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(ann[f"nginx.ingress.kubernetes.io/{t}"]) >= 3600, t


def test_k8s_pods_share_the_class_store_in_redis():
    """Test that every gradviz pod's GRADVIZ_STORE names the Redis Service of k8s-redis.yaml
    on its port, and that Redis keeps an append-only file on a volume."""
    docs = {d["kind"]: d for d in yaml.safe_load_all((DEPLOY / "k8s-redis.yaml").read_text())
            if d}
    (c,) = _k8s()["Deployment"]["spec"]["template"]["spec"]["containers"]
    url = next(e["value"] for e in c["env"] if e["name"] == "GRADVIZ_STORE")
    host, port = re.fullmatch(r"redis://([\w-]+):(\d+)/\d+", url).groups()
    svc, redis = docs["Service"], docs["StatefulSet"]
    assert svc["metadata"]["name"] == host and svc["spec"]["ports"][0]["port"] == int(port)
    assert svc["spec"]["selector"].items() <= redis["spec"]["template"]["metadata"][
        "labels"].items()
    (r,) = redis["spec"]["template"]["spec"]["containers"]
    assert r["args"][r["args"].index("--appendonly") + 1] == "yes"
    assert {m["mountPath"] for m in r["volumeMounts"]} == {"/data"}


def test_systemd_unit_runs_one_replica_per_instance_port():
    """Test the systemd unit template: the instance (%i) is the loopback port, it restarts
    the replica, and nginx.conf's upstream ports are instances it can run."""
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read_string((DEPLOY / "gradviz@.service").read_text())
    assert unit.sections() == ["Unit", "Service", "Install"]
    svc = unit["Service"]
    cmd = svc["ExecStart"].split()
    assert cmd[1:5] == ["-m", "streamlit", "run", "streamlit_app.py"], cmd
    assert _flag(cmd, "--server.port") == "%i"
    assert _flag(cmd, "--server.address") == "127.0.0.1"
    assert svc["Restart"] == "always"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    ports = set(re.findall(r"server 127\.0\.0\.1:(\d+)", (DEPLOY / "nginx.conf").read_text()))
    assert ports == {"8501", "8502"}, ports


def test_nginx_conf_has_affinity_websocket_timeouts_and_health():
    """Test the nginx site: the websocket location upgrades and waits a lecture long, every
    proxied location follows the affinity cookie, and the health path is proxied."""
    text = (DEPLOY / "nginx.conf").read_text()
    ws = re.search(r"location /_stcore/stream \{(.*?)\n    \}", text, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $gradviz_connection;" in ws
    assert int(re.search(r"proxy_read_timeout (\d+)s;", ws).group(1)) >= 3600
    assert re.search(r"location = /_stcore/health \{", text)
    passes = re.findall(r"proxy_pass (\S+);", text)
    assert passes and set(passes) == {"http://$gradviz_pool"}, passes
    assert "map $cookie_gvreplica $gradviz_pool" in text


def _nginx_or_skip() -> str:
    for cand in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and os.access(cand, os.X_OK):
            return cand
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed; .ci/run installs it", pytrace=False)
    pytest.skip("nginx is not installed (Debian: apt-get install nginx)")


@pytest.mark.parametrize("replicas", [1, 2, 3])
def test_nginx_accepts_the_rendered_configuration(tmp_path, replicas):
    """Test that nginx itself (`nginx -t`) accepts deploy/nginx.conf as serve.py renders it,
    and that the rendering names each replica once, with the others as its backups."""
    nginx = _nginx_or_skip()
    ports = [20001 + i for i in range(replicas)]
    site = serve.render_site(ports, "127.0.0.1", 20999, str(tmp_path / "access.log"))
    assert "listen 127.0.0.1:20999;" in site
    for i, p in enumerate(ports, 1):
        block = re.search(rf"upstream gradviz_r{i} \{{(.*?)\}}", site, re.S).group(1)
        assert re.findall(r"server 127\.0\.0\.1:(\d+)(?: max_fails=\S+ fail_timeout=\S+)?;", block) == [str(p)]
        assert sorted(re.findall(r"server 127\.0\.0\.1:(\d+) backup;", block)) == sorted(
            str(q) for q in ports if q != p)
    (tmp_path / "tmp").mkdir()
    conf = serve.write_nginx_conf(tmp_path, site)
    out = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e",
                          str(tmp_path / "error.log")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
