import os
import subprocess
import sys


def run(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "-m", "youthcity", *args], capture_output=True, text=True,
                          env={**base, **env}, timeout=120)


# What a real deployment sets (docs/configuration.md): its own keys for personal data at rest.
FIELD_KEYS = {"FIELD_ENCRYPTION_KEYS": "q1S8oQ0Ik8vN2w0XyT5mYw3nJ4Zp7Rk2bqLc9dVhE6s=",
              "FIELD_BLIND_INDEX_KEY": "a-separate-secret-for-the-blind-index-0123456789"}


# ... and its own SMS gateway and real-name authority (dotted paths the check does not import).
GATEWAYS = {"SMS_BACKEND": "city_gateway.sms.Backend", "REALNAME_BACKEND": "city_gateway.realname.Backend"}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    r = run("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", SECRET_KEY="x" * 30 + "k9-Qz!r&7$Lp2@Vn5^Wb8*Yc",
            ALLOWED_HOSTS="youth.luoyang.example", YOUTHCITY_VAR_DIR=str(tmp_path), **FIELD_KEYS, **GATEWAYS)
    assert r.returncode == 0, r.stderr
    assert "no issues" in r.stdout


def test_deploy_check_warns_about_the_console_back_ends(tmp_path):
    r = run("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", SECRET_KEY="x" * 30 + "k9-Qz!r&7$Lp2@Vn5^Wb8*Yc",
            ALLOWED_HOSTS="youth.luoyang.example", YOUTHCITY_VAR_DIR=str(tmp_path), **FIELD_KEYS)
    assert r.returncode != 0
    assert "youthcity.W020" in r.stderr and "youthcity.W021" in r.stderr


def test_production_refuses_to_run_without_keys_for_personal_data(tmp_path):
    r = run("check", "--deploy", DEBUG="0", SECRET_KEY="x" * 30 + "k9-Qz!r&7$Lp2@Vn5^Wb8*Yc",
            ALLOWED_HOSTS="youth.luoyang.example", YOUTHCITY_VAR_DIR=str(tmp_path))
    assert r.returncode != 0 and "FIELD_ENCRYPTION_KEYS" in r.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    r = run("check", DEBUG="0", YOUTHCITY_VAR_DIR=str(tmp_path))
    assert r.returncode != 0
    assert "SECRET_KEY" in r.stderr


def test_engine_commands_are_reachable_from_the_console_command():
    from youthcity.cli import ENGINE_CLIS

    assert set(ENGINE_CLIS) == {"plan", "benefits", "index", "housing", "match"}
