"""Distribusi pengeluaran per kapita yang dikalibrasi ke agregat terbitan BPS, dalam satuan garis kemiskinan.

Tidak ada tabel publik tentang penduduk hampir miskin menurut perkotaan/perdesaan, jadi pangsanya
diperkirakan dari distribusi parametrik yang dicocokkan ke P0, P1, P2, Gini dan bagian 40 % terbawah.

Satuan dan identifikasi:

* Semua model bekerja pada ``x = y / GK`` sehingga garis kemiskinan = 1. Agregat terbitan tidak
  memuat satuan Rupiah, jadi yang teridentifikasi hanya *bentuk* distribusi relatif terhadap garis;
  rata-rata dalam Rupiah bukan sasaran pencocokan. ``Model.rerata()`` (dalam satuan GK) hanyalah
  implikasi bentuk yang dipilih (terutama ekor atas) dan tidak dibandingkan dengan data apa pun.
* Masukan dan keluaran memakai satuan BPS: P0 dalam persen, P1/P2 = indeks x 100, Gini 0-1,
  bagian 40 % terbawah dan pangsa dalam persen. Miskin berarti x < 1, jadi
  ``pangsa_antara(1, b)`` = persen penduduk dengan 1 <= x < b (sama dengan kemiskinan.pangsa_antara).
* P0 selalu dipenuhi secara persis: untuk setiap bentuk, parameter skala b diselesaikan tertutup
  dari F(1) = P0; pengoptimal hanya mencari parameter bentuk (dalam ruang log) dengan kuadrat
  terkecil berbobot pada galat relatif P1, P2, Gini, bagian 40 %.
* FGT keluarga GB2 memakai momen terpotong tertutup (fungsi beta tak lengkap), setara dengan
  P1 = integral_0^1 F(x) dx dan P2 = 2 integral_0^1 (1 - x) F(x) dx; ``Model.fgt_numerik`` menghitung
  integral tersebut secara numerik sebagai pembanding.
"""

from __future__ import annotations

import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike
from scipy import integrate, optimize, special

__all__ = [
    "GB2",
    "Dagum",
    "LogNormal",
    "Model",
    "SinghMaddala",
    "diagnostik",
    "fit_dagum",
    "fit_gb2",
    "fit_semua",
    "fit_singh_maddala",
    "kalibrasi_lognormal",
]

#: Kunci agregat yang dikenali, dalam satuan BPS.
INDIKATOR = ("p0", "p1", "p2", "gini", "bagian40")

# Batas parameter bentuk dalam ruang log: cukup lebar untuk distribusi pengeluaran mana pun (GB2 untuk
# Indonesia 2019 mencapai p ~ 1000, optimum interior), cukup sempit agar beta/gamma tidak meluap.
_BATAS_LOG = 9.0


def _keluaran(nilai: np.ndarray, x: ArrayLike) -> float | np.ndarray:
    """Kembalikan float untuk masukan skalar, larik untuk masukan larik."""
    return float(nilai) if np.ndim(x) == 0 else nilai


@dataclass(frozen=True)
class Model(ABC):
    """Distribusi pengeluaran dalam satuan garis kemiskinan (x = y / GK) dengan antarmuka bersama."""

    params: dict[str, float]
    info: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    nama: ClassVar[str] = ""
    _kunci: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        """Periksa bahwa params memuat tepat kunci yang diharapkan, semuanya hingga."""
        if set(self.params) != set(self._kunci):
            raise ValueError(f"{self.nama}: params harus berkunci {self._kunci}, ditemukan {tuple(self.params)}")
        for k, v in self.params.items():
            if not math.isfinite(v):
                raise ValueError(f"{self.nama}: parameter {k} harus hingga, ditemukan {v!r}")

    @abstractmethod
    def cdf(self, x: ArrayLike) -> float | np.ndarray:
        """Fungsi distribusi kumulatif F(x)."""

    @abstractmethod
    def kuantil(self, u: ArrayLike) -> float | np.ndarray:
        """Fungsi kuantil F^{-1}(u)."""

    @abstractmethod
    def lorenz(self, u: float) -> float:
        """Kurva Lorenz L(u): bagian pengeluaran total milik fraksi u penduduk terbawah (0-1)."""

    @abstractmethod
    def rerata(self) -> float:
        """Rata-rata pengeluaran dalam satuan garis kemiskinan (implikasi bentuk, bukan hasil cocok)."""

    def fgt_numerik(self, alpha: float) -> float:
        """P_alpha x 100 lewat integrasi numerik alpha * integral_0^1 (1-x)^(alpha-1) F(x) dx (alpha >= 1)."""
        if alpha == 0:
            return self.p0()
        if alpha < 1:
            raise ValueError("alpha: integrasi parsial memerlukan alpha = 0 atau alpha >= 1")
        nilai, _ = integrate.quad(
            lambda t: alpha * (1.0 - t) ** (alpha - 1.0) * self.cdf(t), 0.0, 1.0, epsabs=1e-13, epsrel=1e-11, limit=200
        )
        return 100.0 * nilai

    def p0(self) -> float:
        """Persentase penduduk miskin (x < 1)."""
        return 100.0 * float(self.cdf(1.0))

    def p1(self) -> float:
        """Indeks kedalaman kemiskinan x 100."""
        return self.fgt_numerik(1.0)

    def p2(self) -> float:
        """Indeks keparahan kemiskinan x 100."""
        return self.fgt_numerik(2.0)

    def gini(self) -> float:
        """Rasio Gini (0-1) = 1 - 2 integral Lorenz."""
        nilai, _ = integrate.quad(self.lorenz, 0.0, 1.0, epsabs=1e-12, limit=200)
        return 1.0 - 2.0 * nilai

    def bagian_terbawah(self, u: float = 0.4) -> float:
        """Persen pengeluaran total milik fraksi u penduduk terbawah (u = 0,4 untuk bagian 40 %)."""
        if not 0.0 <= u <= 1.0:
            raise ValueError(f"u: harus fraksi 0-1, ditemukan {u!r}")
        return 100.0 * self.lorenz(u)

    def pangsa_antara(self, bawah: float, atas: float) -> float:
        """Persen penduduk dengan bawah <= x < atas (kelipatan garis kemiskinan)."""
        if not 0.0 <= bawah <= atas:
            raise ValueError(f"batas: perlu 0 <= bawah <= atas, ditemukan ({bawah!r}, {atas!r})")
        return 100.0 * (float(self.cdf(atas)) - float(self.cdf(bawah)))

    def prediksi(self) -> dict[str, float]:
        """Semua agregat yang dapat dicocokkan, dalam satuan BPS."""
        return self._prediksi(INDIKATOR)

    def _prediksi(self, kunci: tuple[str, ...]) -> dict[str, float]:
        """Hanya agregat yang diminta (hemat waktu di dalam pengoptimal)."""
        fungsi: dict[str, Callable[[], float]] = {
            "p0": self.p0,
            "p1": self.p1,
            "p2": self.p2,
            "gini": self.gini,
            "bagian40": lambda: self.bagian_terbawah(0.4),
        }
        return {k: fungsi[k]() for k in kunci}


# --------------------------------------------------------------------------- log-normal


@dataclass(frozen=True)
class LogNormal(Model):
    """ln x ~ N(mu, sigma^2); FGT, Gini dan Lorenz tertutup lewat CDF normal."""

    nama: ClassVar[str] = "lognormal"
    _kunci: ClassVar[tuple[str, ...]] = ("mu", "sigma")

    def __post_init__(self) -> None:
        """Periksa sigma > 0."""
        super().__post_init__()
        if self.params["sigma"] <= 0:
            raise ValueError(f"lognormal: sigma harus > 0, ditemukan {self.params['sigma']!r}")

    def cdf(self, x: ArrayLike) -> float | np.ndarray:
        """Phi((ln x - mu) / sigma)."""
        mu, s = self.params["mu"], self.params["sigma"]
        xa = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore"):
            return _keluaran(special.ndtr((np.log(xa) - mu) / s), x)

    def kuantil(self, u: ArrayLike) -> float | np.ndarray:
        """exp(mu + sigma Phi^{-1}(u))."""
        mu, s = self.params["mu"], self.params["sigma"]
        return _keluaran(np.exp(mu + s * special.ndtri(np.asarray(u, dtype=float))), u)

    def _momen_terpotong(self, k: int) -> float:
        """E[x^k; x < 1] = exp(k mu + k^2 sigma^2 / 2) Phi(-mu/sigma - k sigma), dihitung di ruang log."""
        mu, s = self.params["mu"], self.params["sigma"]
        return math.exp(k * mu + 0.5 * (k * s) ** 2 + special.log_ndtr(-mu / s - k * s))

    def p1(self) -> float:
        """P1 tertutup: P0 - E[x; x<1]."""
        return 100.0 * (float(self.cdf(1.0)) - self._momen_terpotong(1))

    def p2(self) -> float:
        """P2 tertutup: P0 - 2 E[x; x<1] + E[x^2; x<1]."""
        return 100.0 * (float(self.cdf(1.0)) - 2.0 * self._momen_terpotong(1) + self._momen_terpotong(2))

    def gini(self) -> float:
        """2 Phi(sigma / sqrt 2) - 1."""
        return float(2.0 * special.ndtr(self.params["sigma"] / math.sqrt(2.0)) - 1.0)

    def lorenz(self, u: float) -> float:
        """Phi(Phi^{-1}(u) - sigma)."""
        return float(special.ndtr(special.ndtri(u) - self.params["sigma"]))

    def rerata(self) -> float:
        """exp(mu + sigma^2 / 2)."""
        return math.exp(self.params["mu"] + 0.5 * self.params["sigma"] ** 2)


# --------------------------------------------------------------------------- keluarga GB2


def _beta_tak_lengkap_ternormal(z: float, a: float, b: float, lnb_pq: float) -> float:
    """B(z; a, b) / B(p, q) untuk b sembarang (b <= 0 lewat 2F1) — momen terpotong ada walau momen penuh tak ada."""
    if z <= 0.0:
        return 0.0
    if b > 0:
        return float(special.betainc(a, b, z)) * math.exp(special.betaln(a, b) - lnb_pq)
    # B(z; a, b) = z^a / a * 2F1(a, 1 - b; a + 1; z), sah untuk 0 < z < 1 dan b berapa pun.
    return math.exp(a * math.log(z) - math.log(a) - lnb_pq) * float(special.hyp2f1(a, 1.0 - b, a + 1.0, z))


@dataclass(frozen=True)
class GB2(Model):
    """Beta umum jenis kedua: F(x) = I_z(p, q), z = (x/b)^a / (1 + (x/b)^a)."""

    nama: ClassVar[str] = "gb2"
    _kunci: ClassVar[tuple[str, ...]] = ("a", "b", "p", "q")

    def __post_init__(self) -> None:
        """Semua parameter positif."""
        super().__post_init__()
        for k, v in self.params.items():
            if v <= 0:
                raise ValueError(f"{self.nama}: parameter {k} harus > 0, ditemukan {v!r}")

    def _abpq(self) -> tuple[float, float, float, float]:
        """(a, b, p, q) dengan p = 1 (Singh-Maddala) atau q = 1 (Dagum) bila tetap."""
        prm = self.params
        return prm["a"], prm["b"], prm.get("p", 1.0), prm.get("q", 1.0)

    def _z(self, x: np.ndarray) -> np.ndarray:
        """z = 1 / (1 + (b/x)^a) in [0, 1], stabil untuk x = 0 dan x besar."""
        a, b, _, _ = self._abpq()
        with np.errstate(divide="ignore", over="ignore"):
            return 1.0 / (1.0 + (b / x) ** a)

    def cdf(self, x: ArrayLike) -> float | np.ndarray:
        """I_z(p, q)."""
        _, _, p, q = self._abpq()
        return _keluaran(special.betainc(p, q, self._z(np.asarray(x, dtype=float))), x)

    def _z_kuantil(self, u: ArrayLike) -> np.ndarray:
        """z yang memenuhi I_z(p, q) = u."""
        _, _, p, q = self._abpq()
        return special.betaincinv(p, q, np.asarray(u, dtype=float))

    def kuantil(self, u: ArrayLike) -> float | np.ndarray:
        """b (z / (1 - z))^(1/a) dengan z = I^{-1}_u(p, q)."""
        a, b, _, _ = self._abpq()
        z = self._z_kuantil(u)
        with np.errstate(divide="ignore"):
            return _keluaran(b * (z / (1.0 - z)) ** (1.0 / a), u)

    def _cek_rerata(self) -> None:
        """Rerata (dan Gini, Lorenz) hanya ada bila a q > 1."""
        a, _, _, q = self._abpq()
        if a * q <= 1.0:
            raise ValueError(
                f"{self.nama}: a*q = {a * q:.4g} <= 1, rerata tak hingga sehingga Gini/Lorenz tak terdefinisi"
            )

    def rerata(self) -> float:
        """b B(p + 1/a, q - 1/a) / B(p, q)."""
        self._cek_rerata()
        a, b, p, q = self._abpq()
        return b * math.exp(special.betaln(p + 1.0 / a, q - 1.0 / a) - special.betaln(p, q))

    def _momen_terpotong(self, k: int) -> float:
        """E[x^k; x < 1] = b^k B(z1; p + k/a, q - k/a) / B(p, q)."""
        a, b, p, q = self._abpq()
        z1 = float(self._z(np.asarray(1.0)))
        return b**k * _beta_tak_lengkap_ternormal(z1, p + k / a, q - k / a, special.betaln(p, q))

    def p1(self) -> float:
        """P1 tertutup: P0 - E[x; x<1]."""
        return 100.0 * (float(self.cdf(1.0)) - self._momen_terpotong(1))

    def p2(self) -> float:
        """P2 tertutup: P0 - 2 E[x; x<1] + E[x^2; x<1]."""
        return 100.0 * (float(self.cdf(1.0)) - 2.0 * self._momen_terpotong(1) + self._momen_terpotong(2))

    def lorenz(self, u: float) -> float:
        """I_{z(u)}(p + 1/a, q - 1/a): distribusi momen pertama GB2 juga GB2."""
        self._cek_rerata()
        a, _, p, q = self._abpq()
        return float(special.betainc(p + 1.0 / a, q - 1.0 / a, self._z_kuantil(u)))

    def gini(self) -> float:
        """1 - 2 integral_0^1 L(u) du, dengan setengah atas diintegralkan lewat pangsa teratas."""
        self._cek_rerata()
        a, _, p, q = self._abpq()
        kw = {"epsabs": 1e-14, "epsrel": 1e-13, "limit": 200}
        # L(u) punya singularitas aljabar di u = 0 (p kecil) dan di u = 1 (ekor atas berat, a q dekat 1).
        # Integral dibelah di 1/2 dan setengah atas ditulis sebagai 1 - T(s) dengan T(s) = pangsa s teratas
        # = I_{1-z}(q - 1/a, p + 1/a), 1 - z = I^{-1}_s(q, p) (simetri GB2 x -> 1/x); jadi kedua singularitas
        # berada di titik nol masing-masing integral, dihitung tanpa kehilangan digit 1 - u, dan QAGS menanganinya.
        bawah, _ = integrate.quad(
            lambda u: special.betainc(p + 1.0 / a, q - 1.0 / a, special.betaincinv(p, q, u)), 0.0, 0.5, **kw
        )
        atas, _ = integrate.quad(
            lambda s: special.betainc(q - 1.0 / a, p + 1.0 / a, special.betaincinv(q, p, s)), 0.0, 0.5, **kw
        )
        return 1.0 - 2.0 * (bawah + 0.5 - atas)


@dataclass(frozen=True)
class SinghMaddala(GB2):
    """Singh-Maddala (Burr XII) = GB2 dengan p = 1: F(x) = 1 - (1 + (x/b)^a)^(-q)."""

    nama: ClassVar[str] = "singh_maddala"
    _kunci: ClassVar[tuple[str, ...]] = ("a", "b", "q")

    def cdf(self, x: ArrayLike) -> float | np.ndarray:
        """Bentuk tertutup, dengan log1p/expm1 agar teliti di kedua ekor."""
        a, b, _, q = self._abpq()
        xa = np.asarray(x, dtype=float)
        with np.errstate(over="ignore"):
            return _keluaran(-np.expm1(-q * np.log1p((xa / b) ** a)), x)

    def _z_kuantil(self, u: ArrayLike) -> np.ndarray:
        """I_z(1, q) = 1 - (1 - z)^q = u  =>  z = 1 - (1 - u)^(1/q)."""
        _, _, _, q = self._abpq()
        return -np.expm1(np.log1p(-np.asarray(u, dtype=float)) / q)

    def gini(self) -> float:
        """1 - Gamma(q) Gamma(2q - 1/a) / (Gamma(q - 1/a) Gamma(2q))."""
        self._cek_rerata()
        a, _, _, q = self._abpq()
        g = special.gammaln
        return 1.0 - math.exp(g(q) + g(2 * q - 1 / a) - g(q - 1 / a) - g(2 * q))


@dataclass(frozen=True)
class Dagum(GB2):
    """Dagum = GB2 dengan q = 1: F(x) = (1 + (x/b)^(-a))^(-p)."""

    nama: ClassVar[str] = "dagum"
    _kunci: ClassVar[tuple[str, ...]] = ("a", "b", "p")

    def cdf(self, x: ArrayLike) -> float | np.ndarray:
        """Bentuk tertutup di ruang log."""
        a, b, p, _ = self._abpq()
        xa = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", over="ignore"):
            return _keluaran(np.exp(-p * np.log1p((b / xa) ** a)), x)

    def _z_kuantil(self, u: ArrayLike) -> np.ndarray:
        """I_z(p, 1) = z^p = u  =>  z = u^(1/p)."""
        _, _, p, _ = self._abpq()
        return np.asarray(u, dtype=float) ** (1.0 / p)

    def gini(self) -> float:
        """Gamma(p) Gamma(2p + 1/a) / (Gamma(2p) Gamma(p + 1/a)) - 1."""
        self._cek_rerata()
        a, _, p, _ = self._abpq()
        g = special.gammaln
        return math.exp(g(p) + g(2 * p + 1 / a) - g(2 * p) - g(p + 1 / a)) - 1.0


# --------------------------------------------------------------------------- pencocokan


def _periksa_target(
    p0: float, p1: float, p2: float | None, gini: float | None, bagian40: float | None
) -> dict[str, float]:
    """Validasi agregat terbitan (satuan BPS) dan kembalikan yang tersedia sebagai dict."""
    target = {"p0": p0, "p1": p1, "p2": p2, "gini": gini, "bagian40": bagian40}
    target = {k: float(v) for k, v in target.items() if v is not None}
    for k, v in target.items():
        if not math.isfinite(v):
            raise ValueError(f"{k}: harus hingga, ditemukan {v!r}")
    if not 0 < p0 < 100:
        raise ValueError(f"p0: harus di antara 0 dan 100 persen, ditemukan {p0!r}")
    if not 0 < p1 < p0:
        raise ValueError(f"p1: harus di antara 0 dan P0 = {p0}, ditemukan {p1!r}")
    if p2 is not None and not p1**2 / p0 <= p2 < p1:
        # Cauchy-Schwarz: P2 * P0 >= P1^2; dan kesenjangan < 1 sehingga P2 < P1.
        raise ValueError(f"p2: harus di antara P1^2/P0 = {p1**2 / p0:.4g} dan P1 = {p1}, ditemukan {p2!r}")
    if gini is not None and not 0 < gini < 1:
        raise ValueError(f"gini: harus rasio 0-1, ditemukan {gini!r}")
    if bagian40 is not None and not 0 < bagian40 < 40:
        raise ValueError(f"bagian40: harus persen di antara 0 dan 40, ditemukan {bagian40!r}")
    return target


def kalibrasi_lognormal(p0: float, p1: float) -> LogNormal:
    """Log-normal yang memenuhi P0 dan P1 (satuan BPS) secara persis: mu = -sigma Phi^{-1}(P0), sigma dari brentq."""
    _periksa_target(p0, p1, None, None, None)
    f0, f1 = p0 / 100.0, p1 / 100.0
    z = float(special.ndtri(f0))

    def p1_dari_sigma(s: float) -> float:
        # Dengan mu = -s z, P1(s) = P0 - exp(s^2/2 - s z) Phi(z - s) naik monoton dari 0 (s -> 0) ke P0 (s -> inf).
        return f0 - math.exp(0.5 * s * s - s * z + special.log_ndtr(z - s)) - f1

    sigma = optimize.brentq(p1_dari_sigma, 1e-9, 60.0, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    info = {"target": {"p0": p0, "p1": p1}, "metode": "kalibrasi persis P0, P1 (brentq)", "sukses": True}
    return LogNormal({"mu": -sigma * z, "sigma": sigma}, info)


@dataclass(frozen=True)
class _Keluarga:
    """Resep satu keluarga: kelas, jumlah parameter bentuk, peta theta -> params, dan titik awal."""

    kelas: type[GB2]
    ke_params: Callable[[np.ndarray, float], dict[str, float]]
    ke_theta: Callable[[Mapping[str, float]], np.ndarray]
    awal: tuple[dict[str, float], ...]
    #: Polish the best start near machine precision (GB2: three shape parameters, flat directions).
    polis: bool = False

    @property
    def n_bentuk(self) -> int:
        """Jumlah parameter bentuk bebas (skala b ditentukan P0)."""
        return len(self.awal[0])


def _log_aman(v: float) -> float:
    """log yang tidak gagal untuk v <= 0 (titik awal dari model bersarang tepat di batas a q = 1)."""
    return math.log(max(v, 1e-300))


def _b_gb2(a: float, p: float, q: float, f0: float) -> float:
    """Skala b agar I_{z1}(p, q) = P0 dengan z1 = 1 / (1 + b^a)."""
    z1 = float(special.betaincinv(p, q, f0))
    return ((1.0 - z1) / z1) ** (1.0 / a)


def _sm_ke_params(theta: np.ndarray, f0: float) -> dict[str, float]:
    """theta = (ln(aq - 1), ln q): a q > 1 dijamin sehingga rerata dan Gini ada."""
    q = math.exp(theta[1])
    a = (1.0 + math.exp(theta[0])) / q
    # 1 - (1 + b^-a)^-q = P0  =>  b^-a = (1 - P0)^(-1/q) - 1.
    b = math.expm1(-math.log1p(-f0) / q) ** (-1.0 / a)
    return {"a": a, "b": b, "q": q}


def _dagum_ke_params(theta: np.ndarray, f0: float) -> dict[str, float]:
    """theta = (ln(a - 1), ln p): a > 1 dijamin (q = 1)."""
    a = 1.0 + math.exp(theta[0])
    p = math.exp(theta[1])
    # (1 + b^a)^-p = P0  =>  b^a = P0^(-1/p) - 1.
    b = math.expm1(-math.log(f0) / p) ** (1.0 / a)
    return {"a": a, "b": b, "p": p}


def _gb2_ke_params(theta: np.ndarray, f0: float) -> dict[str, float]:
    """theta = (ln(aq - 1), ln p, ln q)."""
    p, q = math.exp(theta[1]), math.exp(theta[2])
    a = (1.0 + math.exp(theta[0])) / q
    return {"a": a, "b": _b_gb2(a, p, q, f0), "p": p, "q": q}


_SM = _Keluarga(
    SinghMaddala,
    _sm_ke_params,
    lambda m: np.array([_log_aman(m["a"] * m["q"] - 1.0), math.log(m["q"])]),
    tuple({"a": a, "q": q} for a in (2.0, 4.0, 8.0) for q in (0.6, 1.5, 4.0) if a * q > 1.2),
)
_DAGUM = _Keluarga(
    Dagum,
    _dagum_ke_params,
    lambda m: np.array([_log_aman(m["a"] - 1.0), math.log(m["p"])]),
    tuple({"a": a, "p": p} for a in (2.0, 4.0, 8.0) for p in (0.3, 1.0, 3.0)),
)
# Gauss-Legendre nodes on [0, 1] for the GB2 Gini used inside the optimiser (see _GB2Optimasi).
_GL_T, _GL_W = (0.5 * (v + 1.0) if i == 0 else 0.5 * v for i, v in enumerate(np.polynomial.legendre.leggauss(96)))


@dataclass(frozen=True)
class _GB2Optimasi(GB2):
    """GB2 whose Gini is a fixed vectorised quadrature; used only while optimising (fit_gb2
    re-evaluates the final model with the exact GB2)."""

    def gini(self) -> float:
        """Same split formula as ``GB2.gini``, with u = t^3 / 2 and 96 Gauss-Legendre nodes."""
        # GB2.gini calls quad with a scalar function (about 2 ms); here all nodes are computed at once
        # (about 0.1 ms). The substitution u = t^3/2 smooths the algebraic singularity at zero, so the
        # error is < 1e-9 (tested against GB2.gini).
        self._cek_rerata()
        a, _, p, q = self._abpq()
        u = 0.5 * _GL_T**3
        du = 1.5 * _GL_T**2 * _GL_W
        bawah = np.sum(special.betainc(p + 1.0 / a, q - 1.0 / a, special.betaincinv(p, q, u)) * du)
        atas = np.sum(special.betainc(q - 1.0 / a, p + 1.0 / a, special.betaincinv(q, p, u)) * du)
        return float(1.0 - 2.0 * (bawah + 0.5 - atas))


_GB2 = _Keluarga(
    _GB2Optimasi,
    _gb2_ke_params,
    lambda m: np.array([_log_aman(m["a"] * m["q"] - 1.0), math.log(m["p"]), math.log(m["q"])]),
    tuple({"a": a, "p": p, "q": q} for a, p, q in ((3.0, 1.0, 1.0), (5.0, 0.5, 2.0), (2.0, 2.0, 0.8), (8.0, 0.4, 0.5))),
    polis=True,
)


def _cocokkan(
    kel: _Keluarga,
    target: dict[str, float],
    bobot: Mapping[str, float] | None,
    awal_tambahan: tuple[dict[str, float], ...] = (),
) -> GB2:
    """Kuadrat terkecil berbobot pada galat relatif agregat selain P0, dari beberapa titik awal."""
    kunci = tuple(k for k in INDIKATOR if k in target and k != "p0")
    if len(kunci) < kel.n_bentuk:
        raise ValueError(
            f"{kel.kelas.nama}: perlu >= {kel.n_bentuk} agregat selain P0 untuk {kel.n_bentuk} parameter bentuk, "
            f"tersedia {list(kunci)}"
        )
    bobot = dict(bobot or {})
    for k in bobot:
        if k not in INDIKATOR:
            raise ValueError(f"bobot: kunci {k!r} tidak dikenal; pilih dari {INDIKATOR}")
    w = np.array([float(bobot.get(k, 1.0)) for k in kunci])
    if not (np.isfinite(w).all() and (w >= 0).all() and (w > 0).any()):
        ditemukan = dict(zip(kunci, w, strict=True))
        raise ValueError(f"bobot: harus hingga, tak negatif, dan tidak semuanya nol; ditemukan {ditemukan}")
    obs = np.array([target[k] for k in kunci])
    f0 = target["p0"] / 100.0

    def residu(theta: np.ndarray) -> np.ndarray:
        try:
            with warnings.catch_warnings():
                # Pojok ekstrem ruang parameter yang dijelajahi pengoptimal boleh kurang teliti; titik akhir
                # diperiksa ulang di luar blok ini sehingga peringatannya tetap terlihat bila relevan.
                warnings.simplefilter("ignore", integrate.IntegrationWarning)
                pred = kel.kelas(kel.ke_params(theta, f0))._prediksi(kunci)
            r = w * (np.array([pred[k] for k in kunci]) / obs - 1.0)
        except (ValueError, OverflowError, ZeroDivisionError):
            r = np.full(len(kunci), np.nan)
        # Titik yang tak terhitung (luapan di pojok ruang parameter) diberi residu besar tetapi hingga,
        # supaya pengoptimal mundur alih-alih berhenti.
        return np.where(np.isfinite(r), r, 1e3)

    batas = (np.full(kel.n_bentuk, -_BATAS_LOG), np.full(kel.n_bentuk, _BATAS_LOG))
    terbaik: optimize.OptimizeResult | None = None
    n_awal = 0
    for m in (*awal_tambahan, *kel.awal):
        theta0 = np.clip(kel.ke_theta(m), -_BATAS_LOG + 1e-6, _BATAS_LOG - 1e-6)
        n_awal += 1
        hasil = optimize.least_squares(
            residu, theta0, bounds=batas, method="trf", xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=400
        )
        if terbaik is None or hasil.cost < terbaik.cost:
            terbaik = hasil
        if terbaik.cost < 1e-20:
            break  # sudah persis; titik awal lain tidak bisa lebih baik
    assert terbaik is not None
    if kel.polis and terbaik.cost >= 1e-20:
        # Polish the best start with central differences and tolerances near machine precision: along a
        # flat direction of the objective the forward-difference run may stop anywhere within its ftol,
        # and where it stops would then depend on the machine's last bits (and move the shares by ~1e-3).
        # The two-parameter families are determined to ~1e-7 without it (tests/test_hampir_miskin.py).
        polis = optimize.least_squares(
            residu,
            terbaik.x,
            bounds=batas,
            method="trf",
            jac="3-point",
            xtol=1e-15,
            ftol=1e-15,
            gtol=1e-15,
            max_nfev=200,
        )
        terbaik = polis if polis.cost <= terbaik.cost else terbaik
    params = kel.ke_params(terbaik.x, f0)
    pred = kel.kelas(params)._prediksi(("p0", *kunci))
    return kel.kelas(
        params,
        {
            "target": dict(target),
            "bobot": {k: float(v) for k, v in zip(kunci, w, strict=False)},
            "prediksi": pred,
            "residu_relatif": {k: pred[k] / target[k] - 1.0 for k in kunci},
            "cost": float(terbaik.cost),
            "sukses": bool(terbaik.success),
            # Optimum di tepi kotak pencarian berarti keluarga ini ingin menuju kasus limitnya.
            "di_batas": bool(np.any(np.abs(terbaik.x) > _BATAS_LOG - 1e-3)),
            "n_awal": n_awal,
            "metode": "P0 persis lewat skala b; kuadrat terkecil berbobot (galat relatif) pada bentuk",
        },
    )


def fit_singh_maddala(
    p0: float,
    p1: float,
    p2: float | None = None,
    gini: float | None = None,
    bagian40: float | None = None,
    bobot: Mapping[str, float] | None = None,
) -> SinghMaddala:
    """Singh-Maddala: P0 persis, (a, q) dari P1 dan >= 1 agregat lain (P2, Gini, bagian 40 %)."""
    target = _periksa_target(p0, p1, p2, gini, bagian40)
    return _cocokkan(_SM, target, bobot)  # type: ignore[return-value]


def fit_dagum(
    p0: float,
    p1: float,
    p2: float | None = None,
    gini: float | None = None,
    bagian40: float | None = None,
    bobot: Mapping[str, float] | None = None,
) -> Dagum:
    """Dagum: P0 persis, (a, p) dari P1 dan >= 1 agregat lain (P2, Gini, bagian 40 %)."""
    target = _periksa_target(p0, p1, p2, gini, bagian40)
    return _cocokkan(_DAGUM, target, bobot)  # type: ignore[return-value]


def fit_gb2(
    p0: float,
    p1: float,
    p2: float | None = None,
    gini: float | None = None,
    bagian40: float | None = None,
    bobot: Mapping[str, float] | None = None,
    awal: tuple[GB2, ...] = (),
    bawaan: bool = True,
) -> GB2:
    """GB2: P0 persis, (a, p, q) dari P1 dan >= 2 agregat lain.

    ``awal``: fitted GB2-family models (SM, Dagum, a previous semester's GB2) used as starting points;
    ``bawaan=False`` starts from those alone (a warm start), without the default starting points.
    """
    target = _periksa_target(p0, p1, p2, gini, bagian40)
    # GB2 memuat SM (p = 1) dan Dagum (q = 1): memulai dari hasil keduanya menjamin cost GB2 <= keduanya.
    tambahan = tuple({"a": m._abpq()[0], "p": m._abpq()[2], "q": m._abpq()[3]} for m in awal)
    resep = _GB2 if bawaan else replace(_GB2, awal=tambahan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        cepat = _cocokkan(resep, target, bobot, tambahan if bawaan else ())
    # The optimiser used the fast Gini; report the model and its fit with the exact GB2.
    kunci = tuple(k for k in INDIKATOR if k in target and k != "p0")
    pred = GB2(dict(cepat.params))._prediksi(("p0", *kunci))
    residu = {k: pred[k] / target[k] - 1.0 for k in kunci}
    info = {**cepat.info, "prediksi": pred, "residu_relatif": residu, "cost": 0.5 * sum(r * r for r in residu.values())}
    return GB2(dict(cepat.params), info)


def fit_semua(
    p0: float,
    p1: float,
    p2: float | None = None,
    gini: float | None = None,
    bagian40: float | None = None,
    bobot: Mapping[str, float] | None = None,
) -> dict[str, Model]:
    """Semua model yang teridentifikasi oleh agregat yang tersedia, berkunci ``Model.nama``."""
    # Log-normal selalu (persis pada P0, P1); SM dan Dagum bila ada >= 1 agregat selain P0 dan P1; GB2 bila
    # >= 2. Yang tak teridentifikasi dilewati, bukan ditebak. Periksa info["di_batas"]: hanya dengan P0-P2,
    # SM cenderung lari ke a*q -> 1 (Gini -> 1), tanda bentuknya tidak ditentukan oleh data.
    target = _periksa_target(p0, p1, p2, gini, bagian40)
    n_lain = len(target) - 2
    hasil: dict[str, Model] = {"lognormal": kalibrasi_lognormal(p0, p1)}
    if n_lain >= 1:
        hasil["singh_maddala"] = fit_singh_maddala(p0, p1, p2, gini, bagian40, bobot)
        hasil["dagum"] = fit_dagum(p0, p1, p2, gini, bagian40, bobot)
    if n_lain >= 2:
        awal = (hasil["singh_maddala"], hasil["dagum"])
        hasil["gb2"] = fit_gb2(p0, p1, p2, gini, bagian40, bobot, awal=awal)  # type: ignore[arg-type]
    return hasil


def diagnostik(model: Model, published: Mapping[str, float | None]) -> dict[str, dict[str, float]]:
    """Prediksi model vs angka terbitan untuk setiap kunci yang ada (p0, p1, p2, gini, bagian40)."""
    hasil: dict[str, dict[str, float]] = {}
    for k, v in published.items():
        if k not in INDIKATOR:
            raise ValueError(f"published: kunci {k!r} tidak dikenal; pilih dari {INDIKATOR}")
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        m = model._prediksi((k,))[k]
        hasil[k] = {"terbit": float(v), "model": m, "selisih": m - float(v), "selisih_relatif": m / float(v) - 1.0}
    return hasil
