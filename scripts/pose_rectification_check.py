"""Does PackNet-S's pose network read translation once the rotation is taken out of a pair?

A diagnostic (docs/training.md, twenty-eighth session), not part of the product: the PyTorch copy
of the network (scripts/packnet_s.py) is fine-tuned, supervised, on a mix of raw frame pairs and
pairs whose target is "rectified" (re-rendered by a rotation-only homography with the source's
orientation, using the true rotation plus noise), then evaluated on the evaluation walks:

- single pass: the network's motion of each pair (what `packsfm eval-depth` chains);
- two passes: its rotation, the target rectified with it, the translation read from the
  rectified pair (with the shipped network or the fine-tuned one as the first pass);
- the translation read from pairs rectified with the *true* rotation.

Each reports ATE % of the path (Sim(3), the first 100 frames) and the median angle between the
read and the true translation. The single-pass numbers of the shipped model reproduce
`packsfm eval-depth` (6.08 %, 89.9°).

Usage (walks rendered with `packsfm render --random ...`, look offsets edited in scene.json):
    python3 scripts/pose_rectification_check.py WEIGHTS STEPS RECTIFIED_FRACTION NOISE_DEGREES WALK_DIR... 
    (STEPS 0: evaluate WEIGHTS only)
Needs torch, safetensors, scipy, pillow; evaluation walks under $EVAL_SCENES (default
/work/eval/scenes: `packsfm render Scenes/NAME.json --out $EVAL_SCENES/NAME --size 256x192`).
"""
import sys, glob, os, time, numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, '/work/main/scripts')
import packnet_s
from PIL import Image
from scipy.spatial.transform import Rotation as Rot
torch.set_num_threads(2)
torch.manual_seed(0); rng = np.random.default_rng(0)

def load_walk(d, n=None):
    fx, fy, cx, cy = map(float, open(d + '/intrinsics.txt').read().split())
    names = [l.split()[1] for l in open(d + '/rgb.txt') if not l.startswith('#')][:n]
    gt = np.loadtxt(d + '/groundtruth.txt', comments='#')[:len(names)]
    imgs = np.stack([np.asarray(Image.open(d + '/' + nm).convert('RGB'), dtype=np.float32) / 255 for nm in names])
    W = []
    for r in gt:
        M = np.eye(4); M[:3, :3] = Rot.from_quat(r[4:8]).as_matrix(); M[:3, 3] = r[1:4]; W.append(M)
    K = np.array([[fx, 0, cx], [0, fy, cy], [0, 0, 1]])
    return torch.from_numpy(imgs).permute(0, 3, 1, 2).contiguous(), np.array(W), K

def rectify(img, Rhat, K):
    """img [B,3,H,W] targets; Rhat [B,3,3] estimates of R_source<-target: the target seen with the source's orientation."""
    B, _, H, W = img.shape
    ys, xs = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(W, dtype=torch.float64), indexing='ij')
    p = torch.stack([xs.ravel(), ys.ravel(), torch.ones(H * W, dtype=torch.float64)])          # [3, HW]
    Kt = torch.from_numpy(K); Ki = torch.linalg.inv(Kt)
    M = Kt @ torch.from_numpy(Rhat).transpose(1, 2) @ Ki                                       # [B,3,3]
    q = M @ p
    u = q[:, 0] / q[:, 2]; v = q[:, 1] / q[:, 2]
    grid = torch.stack([2 * u / (W - 1) - 1, 2 * v / (H - 1) - 1], -1).reshape(B, H, W, 2).float()
    return F.grid_sample(img, grid, mode='bilinear', padding_mode='border', align_corners=True)

def motion_vec(T):
    return np.concatenate([Rot.from_matrix(T[:3, :3]).as_rotvec(), T[:3, 3]])

def to_T(m):
    T = np.eye(4); T[:3, :3] = Rot.from_rotvec(m[:3]).as_matrix(); T[:3, 3] = m[3:]; return T

def ate_percent(est, gt):
    X, Y = est[:, :3, 3], gt[:, :3, 3]
    mx, my = X.mean(0), Y.mean(0); Xc, Yc = X - mx, Y - my
    U, S, Vt = np.linalg.svd(Yc.T @ Xc / len(X)); D = np.eye(3)
    if np.linalg.det(U) * np.linalg.det(Vt) < 0: D[2, 2] = -1
    R = U @ D @ Vt; s = np.trace(np.diag(S) @ D) / ((Xc ** 2).sum() / len(X))
    Z = s * (R @ Xc.T).T + my
    path = np.linalg.norm(np.diff(Y, axis=0), axis=1).sum()
    return 100 * np.sqrt(((Z - Y) ** 2).sum(1).mean()) / path

@torch.no_grad()
def evaluate_true_rectification(net, scenes, label):
    """The translation read from pairs rectified with the exact rotation, chained with it."""
    for s in scenes:
        imgs, W, K = scenes[s]; n = len(imgs)
        true = [np.linalg.inv(W[i]) @ W[i + 1] for i in range(n - 1)]
        R1 = np.stack([T[:3, :3] for T in true])
        t_est = net(rectify(imgs[1:], R1, K), imgs[:-1]).double().numpy()[:, 3:]
        t_true = np.array([T[:3, 3] for T in true])
        cos = (t_est * t_true).sum(1) / np.linalg.norm(t_est, axis=1) / np.linalg.norm(t_true, axis=1)
        P = [W[0]]
        for R, t in zip(R1, t_est): P.append(P[-1] @ np.block([[R, t[:, None]], [np.zeros((1, 3)), np.ones((1, 1))]]))
        print(f'{label:28s} {s:12s} exact rotation: t dir {np.degrees(np.median(np.arccos(np.clip(cos, -1, 1)))):5.1f}°  '
              f'ATE {ate_percent(np.array(P), W):5.2f} %  mean read t {np.round(t_est.mean(0) * 100, 1)} cm, '
              f'true {np.round(t_true.mean(0) * 100, 1)} cm', flush=True)

@torch.no_grad()
def evaluate(net, first_pass, scenes, label):
    rows = []
    for s in scenes:
        imgs, W, K = scenes[s]
        n = len(imgs)
        tgt, src = imgs[1:], imgs[:-1]
        m1 = torch.cat([first_pass(tgt[i:i + 16], src[i:i + 16]) for i in range(0, n - 1, 16)]).double().numpy()
        R1 = np.stack([Rot.from_rotvec(m[:3]).as_matrix() for m in m1])
        rect = rectify(tgt, R1, K)
        m2 = torch.cat([net(rect[i:i + 16], src[i:i + 16]) for i in range(0, n - 1, 16)]).double().numpy()
        true = [np.linalg.inv(W[i]) @ W[i + 1] for i in range(n - 1)]
        res = {}
        for name, motions in (('single', [to_T(m) for m in m1]),
                              ('two-pass', [np.block([[Rot.from_rotvec(b[:3]).as_matrix() @ r, b[3:, None]], [np.zeros((1, 3)), np.ones((1, 1))]])
                                            for b, r in zip(m2, R1)])):
            P = [W[0]]
            for T in motions: P.append(P[-1] @ T)
            P = np.array(P)
            t_est = np.array([T[:3, 3] for T in motions]); t_true = np.array([T[:3, 3] for T in true])
            cos = (t_est * t_true).sum(1) / np.linalg.norm(t_est, axis=1) / np.linalg.norm(t_true, axis=1)
            res[name] = (ate_percent(P, W), np.degrees(np.median(np.arccos(np.clip(cos, -1, 1)))))
        rows.append((s, res))
    for name in ('single', 'two-pass'):
        a = [r[name][0] for _, r in rows]; d = [r[name][1] for _, r in rows]
        print(f'{label:28s} {name:8s} ATE % ' + ' / '.join(f'{x:.2f}' for x in a) + f'  mean {np.mean(a):.2f}   t dir ° '
              + ' / '.join(f'{x:.0f}' for x in d) + f'  mean {np.mean(d):.1f}', flush=True)

def batches(walks, size, rect_fraction, sigma_deg, gaps=(1, 2, 3)):
    while True:
        tg, sr, mv = [], [], []
        rect = []
        for _ in range(size):
            imgs, W, K = walks[rng.integers(len(walks))]
            g = int(rng.choice(gaps)); k = int(rng.integers(len(imgs) - g))
            t, s = (k + g, k) if rng.random() < 0.5 else (k, k + g)
            T = np.linalg.inv(W[s]) @ W[t]
            tg.append(imgs[t]); sr.append(imgs[s])
            if rng.random() < rect_fraction:
                eps = Rot.from_rotvec(rng.normal(0, np.radians(sigma_deg), 3)).as_matrix()
                Rhat = T[:3, :3] @ eps
                rect.append((len(tg) - 1, Rhat, K))
                T = T.copy(); T[:3, :3] = T[:3, :3] @ Rhat.T
            mv.append(motion_vec(T))
        tg = torch.stack(tg); sr = torch.stack(sr)
        if rect:
            idx = [i for i, _, _ in rect]
            tg[idx] = rectify(tg[idx], np.stack([r for _, r, _ in rect]), rect[0][2])
        yield tg, sr, torch.tensor(np.array(mv), dtype=torch.float32)

if __name__ == '__main__':
    weights, steps, rect_fraction, sigma = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    model = packnet_s.load(weights); net = model.pose
    base = packnet_s.load(weights).pose.eval()
    root = os.environ.get('EVAL_SCENES', '/work/eval/scenes')
    scenes = {s: load_walk(f'{root}/{s}', 100) for s in ['bedroom', 'kitchen', 'living_room', 'office']}
    net.eval(); evaluate(net, net, scenes, 'start (own first pass)')
    evaluate_true_rectification(net, scenes, 'start')
    if steps == 0: sys.exit()
    walks = [load_walk(d) for d in sys.argv[5:]]
    print('walks', len(walks), flush=True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    gen = batches(walks, 8, rect_fraction, sigma)
    started = time.time(); run = 0
    for step in range(1, steps + 1):
        net.train()
        tg, sr, mv = next(gen)
        loss = (net(tg, sr) - mv).abs().mean()
        opt.zero_grad(); loss.backward(); opt.step()
        run = 0.98 * run + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 250 == 0:
            net.eval()
            print(f'step {step} loss {run:.5f} ({time.time() - started:.0f} s)', flush=True)
            evaluate(net, net, scenes, f'step {step} (own first pass)')
            evaluate(net, base, scenes, f'step {step} (shipped first)')
            evaluate_true_rectification(net, scenes, f'step {step}')
