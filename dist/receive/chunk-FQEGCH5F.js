var p=/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g,f=/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g,d=/[\\`*_[\]<>&|~$]/g;var h=/(@(?=[\p{L}\p{N}_])|#(?=\d)|\bGH-(?=\d))/giu;function l(n){return n.replace(p,"").replace(f,"").replace(/\r\n?/g,`
`)}function o(n){return l(n).replace(/\s*\n\s*/g," ").trim().replace(d,e=>`\\${e}`).replace(/^(?:>|[#+-](?=\s|$)|=+$|-+$)/,"\\$&").replace(/^(\d+)([.)])(?=\s|$)/,"$1\\$2").replace(h,"$1\u200B")}function A(n){return l(n).split(/\n\s*\n/).map(e=>e.split(`
`).map(t=>o(t.trim())).filter(t=>t.length>0).join(`  
`)).filter(e=>e.length>0).join(`

`)}function E(n,e=!1){let t=l(n).replace(/\n/g," ");e&&(t=t.replace(/\|/g,"\\|"));let i=Math.max(0,...Array.from(t.matchAll(/`+/g),s=>s[0].length)),r="`".repeat(i+1),c=t.startsWith("`")||t.endsWith("`")||t.startsWith(" ")?" ":"";return`${r}${c}${t}${c}${r}`}function $(n){if(!n)return;let e;try{e=new URL(n)}catch{return}if(!(e.protocol!=="https:"&&e.protocol!=="http:"))return e.href.replace(/[()|<> ]/g,t=>`%${t.charCodeAt(0).toString(16).toUpperCase()}`)}function C(n,e){let t=$(e);return t?`[${o(n)}](${t})`:o(n)}function x(n,e){let t=i=>`| ${i.map(r=>r||" ").join(" | ")} |`;return[t(n),t(n.map(()=>"---")),...e.map(t)].join(`
`)}function I(n,e){let t=Array.from(n);return t.length<=e?n:`${t.slice(0,Math.max(0,e-1)).join("")}\u2026`}function R(n,e=65e3){if(n.length<=e)return n;let i=Math.max(0,e-200),r=n.lastIndexOf(`
`,i);r<i/2&&(r=i);let c=n.charCodeAt(r-1);c>=55296&&c<=56319&&(r-=1);let s=n.slice(0,r);(/\\+$/.exec(s)?.[0].length??0)%2===1&&(s=s.slice(0,-1)),(s.match(/^ {0,3}```/gm)?.length??0)%2===1&&(s+="\n```");let g=(s.match(/<details>/g)?.length??0)-(s.match(/<\/details>/g)?.length??0);for(let a=0;a<g;a++)s+=`
</details>`;let u=n.length-r;return`${s}

_\u2026 ${u.toLocaleString("en-US")} more characters cut to stay within GitHub's size limit._
`}export{o as a,A as b,E as c,$ as d,C as e,x as f,I as g,R as h};
