import{b as o}from"./chunk-3RNHDNP5.js";var t=o((i,e)=>{e.exports=process.getBuiltinModule("node:util")});export{t as a};
