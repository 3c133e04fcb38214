import{b as e}from"./chunk-3RNHDNP5.js";var t=e((d,o)=>{o.exports=process.getBuiltinModule("node:path")});var p=e((i,s)=>{s.exports=process.getBuiltinModule("node:fs")});export{t as a,p as b};
