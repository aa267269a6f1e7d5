#version 330 core
// Camera frustums, trajectories and planned paths: coloured line segments in world space. A
// path on the floor is pulled u_pullDistance toward the eye along each view ray (same place on
// screen, nearer in depth) so the floor's splats do not hide it; frustums use 0.

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_color;

uniform mat4 u_viewProjection;
uniform vec3 u_eye;
uniform float u_pullDistance;   // metres

out vec3 v_color;
out vec3 v_worldPosition;

void main() {
    vec3 toEye = u_eye - a_position;
    float distance = length(toEye);
    vec3 pulled = a_position + toEye / max(distance, 1e-6) * min(u_pullDistance, 0.5 * distance);
    gl_Position = u_viewProjection * vec4(pulled, 1.0);
    v_color = a_color;
    v_worldPosition = a_position;
}
