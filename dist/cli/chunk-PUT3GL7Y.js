import{b as o}from"./chunk-IYWUY3VA.js";var t=o((i,e)=>{e.exports=process.getBuiltinModule("node:util")});export{t as a};
