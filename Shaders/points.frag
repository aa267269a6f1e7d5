#version 330 core
// Round, depth-correct splats: pixels outside the disc are discarded and each kept pixel writes
// the depth of the sphere surface in front of the point.

in vec3 v_color;
in vec3 v_viewCenter;
in float v_viewRadius;

uniform mat4 u_projection;

out vec4 o_color;

void main() {
    vec2 offset = gl_PointCoord * 2.0 - 1.0;
    float radiusSquared = dot(offset, offset);
    if (radiusSquared > 1.0) discard;
    vec3 surface = v_viewCenter + vec3(0.0, 0.0, sqrt(1.0 - radiusSquared) * v_viewRadius);
    vec4 clip = u_projection * vec4(surface, 1.0);
    gl_FragDepth = clip.z / clip.w * 0.5 + 0.5;
    o_color = vec4(v_color, 1.0);
}
